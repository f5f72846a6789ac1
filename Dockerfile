# Multi-stage build of the standard Quarkus JVM (fast-jar) layout.
# Configure only through environment variables (README.md's table; docs/deploy.md), e.g. this example,
# which DatasourceFormsIT runs against the packaged jar with exactly these variables:
#   docker run -d -p 8080:8080 \
#     -e USERSYNC_SECRET_KEY="$KEY" \
#     -e USERSYNC_BOOTSTRAP_TOKEN="$TOKEN" \
#     -e QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db:5432/usersync \
#     -e QUARKUS_DATASOURCE_USERNAME=usersync \
#     -e QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
#     usersync
# The store lands in schema "usersync" of that database (USERSYNC_DB_SCHEMA), created and migrated at start.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline || true
COPY src/ src/
# the tests need PostgreSQL and directory servers; they run in CI (.ci/run), not in the image build
RUN ./mvnw -B package -DskipTests

FROM eclipse-temurin:17-jre
ENV LANGUAGE='en_US:en' \
    JAVA_OPTS_APPEND="-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    USERSYNC_DEMO_DIRECTORY=false
WORKDIR /deployments
COPY --from=build --chown=185 /build/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185 /build/target/quarkus-app/*.jar /deployments/
COPY --from=build --chown=185 /build/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185 /build/target/quarkus-app/quarkus/ /deployments/quarkus/
USER 185
EXPOSE 8080
# SIGTERM hands running runs back after USERSYNC_RUN_GRACE (20 s); give the container longer than that to stop
STOPSIGNAL SIGTERM
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
