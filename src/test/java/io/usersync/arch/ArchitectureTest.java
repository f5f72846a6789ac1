package io.usersync.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' layering: each feature depends only on those below it, so runs drive the engine and never
 * the reverse, and the API's vocabulary sits at the bottom. Side packages (demo, observe, store, config,
 * console) hang off the layers without being depended on by the features above them.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.usersync");
    }

    @Test
    void layersDependDownwardsOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("webhook")
                .definedBy("io.usersync.webhook..")
                .layer("run")
                .definedBy("io.usersync.run..")
                .layer("sync")
                .definedBy("io.usersync.sync..")
                .layer("features")
                .definedBy("io.usersync.task..", "io.usersync.group..", "io.usersync.user..")
                .layer("event")
                .definedBy("io.usersync.event..")
                .layer("directory")
                .definedBy("io.usersync.directory..")
                .layer("security")
                .definedBy("io.usersync.security..")
                .layer("audit")
                .definedBy("io.usersync.audit..")
                .layer("api")
                .definedBy("io.usersync.api..")
                .layer("demo")
                .definedBy("io.usersync.demo..")
                .layer("console")
                .definedBy("io.usersync.console..")
                .layer("observe")
                .definedBy("io.usersync.observe..")
                .layer("config")
                .definedBy("io.usersync.config..")
                .layer("store")
                .definedBy("io.usersync.store..")
                .whereLayer("webhook")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("run")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("sync")
                .mayOnlyBeAccessedByLayers("run")
                .whereLayer("features")
                .mayOnlyBeAccessedByLayers("run", "sync")
                .whereLayer("event")
                .mayOnlyBeAccessedByLayers("webhook", "run", "sync", "features")
                .whereLayer("directory")
                .mayOnlyBeAccessedByLayers("webhook", "run", "sync", "features", "demo")
                .whereLayer("security")
                .mayOnlyBeAccessedByLayers("webhook", "run", "sync", "features", "directory", "console")
                .whereLayer("audit")
                .mayOnlyBeAccessedByLayers("webhook", "run", "sync", "features", "directory", "security", "console")
                .whereLayer("demo")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("console")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("observe")
                .mayOnlyBeAccessedByLayers("run", "sync")
                .whereLayer("config")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("store")
                .mayOnlyBeAccessedByLayers("config")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.usersync.(*)..").should().beFreeOfCycles().check(classes);
    }
}
