package dev.plinth.platform;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked on every build: no cycles between modules (top-level
 * packages under {@code dev.plinth}), no module reaching into another module's {@code internal}
 * packages, and no lower module depending on the application.
 */
class ArchitectureTest {

    static final JavaClasses PLINTH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.plinth");

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.plinth.(*)..").should().beFreeOfCycles().check(PLINTH);
    }

    @Test
    void featuresOfThePlatformHaveNoCycles() {
        slices().matching("dev.plinth.platform.(*)..").should().beFreeOfCycles().check(PLINTH);
    }

    @Test
    void noModuleTouchesAnotherModulesInternals() {
        for (String module : new String[] {"platform", "observability", "embedded", "memory", "orchestrator", "connectors", "deploy", "cli"}) {
            noClasses().that().resideOutsideOfPackage("dev.plinth." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.plinth." + module + "..internal..")
                    .allowEmptyShould(true)
                    .check(PLINTH);
        }
    }

    @Test
    void lowerModulesDoNotDependOnTheApplication() {
        noClasses().that().resideOutsideOfPackage("dev.plinth.platform..")
                .should().dependOnClassesThat().resideInAPackage("dev.plinth.platform..")
                .check(PLINTH);
    }
}
