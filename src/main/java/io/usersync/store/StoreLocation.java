package io.usersync.store;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The store's schema as this instance uses it, said once at start so an operator sees which one it is. */
@ApplicationScoped
public class StoreLocation {
    private static final Logger LOG = Logger.getLogger(StoreLocation.class);
    private final StoreSchema schema;

    StoreLocation(StoreConfig config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url) {
        this.schema = StoreSchema.of(url.orElse(null), config.schema());
    }

    public StoreSchema schema() {
        return schema;
    }

    void onStart(@Observes StartupEvent e) {
        LOG.infof("store: schema \"%s\" (%s)", schema.name(), schema.origin());
    }
}
