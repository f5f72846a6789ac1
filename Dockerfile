# Multi-stage build of the standard Quarkus JVM (fast-jar) layout.
# Configure only through environment variables (see README.md), e.g.
#   docker run -e USERSYNC_SECRET_KEY=... -e USERSYNC_BOOTSTRAP_TOKEN=... -e QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db:5432/usersync -p 8080:8080 usersync
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
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
