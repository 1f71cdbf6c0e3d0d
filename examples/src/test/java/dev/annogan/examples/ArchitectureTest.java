package dev.annogan.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ai.djl.engine.Engine;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the code, checked on the compiled classes of every module (tests excluded): the
 * modules layer without cycles, only the command line chooses an engine, and commands sit on top of
 * the applications.
 */
@AnalyzeClasses(
        packages = "dev.annogan",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** Leaves out the other modules' test classes, which reach the classpath as test jars. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }

    /** core, datasets, training and examples: each uses only those before it. */
    @ArchTest
    static final ArchRule modulesLayer =
            layeredArchitecture()
                    .consideringOnlyDependenciesInAnyPackage("dev.annogan..")
                    .layer("core")
                    .definedBy("dev.annogan.core..")
                    .layer("datasets")
                    .definedBy("dev.annogan.datasets..")
                    .layer("training")
                    .definedBy("dev.annogan.training..")
                    .layer("examples")
                    .definedBy("dev.annogan.examples..")
                    .whereLayer("examples")
                    .mayNotBeAccessedByAnyLayer()
                    .whereLayer("training")
                    .mayOnlyBeAccessedByLayers("examples")
                    .whereLayer("datasets")
                    .mayOnlyBeAccessedByLayers("training", "examples")
                    .whereLayer("core")
                    .mayOnlyBeAccessedByLayers("datasets", "training", "examples");

    /**
     * The library runs on whichever engine DJL finds: no engine's classes below the command line.
     */
    @ArchTest
    static final ArchRule noEngineBelowTheCommandLine =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "dev.annogan.core..",
                            "dev.annogan.datasets..",
                            "dev.annogan.training..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "ai.djl.pytorch..",
                            "ai.djl.mxnet..",
                            "ai.djl.tensorflow..",
                            "ai.djl.onnxruntime..")
                    .orShould()
                    .callMethod(Engine.class, "getEngine", String.class);

    /** core holds Blocks, losses, metrics and I/O on DJL's API alone, not its datasets. */
    @ArchTest
    static final ArchRule coreUsesDjlsApiOnly =
            noClasses()
                    .that()
                    .resideInAPackage("dev.annogan.core..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("ai.djl.basicdataset..", "org.apache.logging..");

    /** Commands parse and call; nothing but the command line uses a command. */
    @ArchTest
    static final ArchRule commandsSitOnTop =
            classes()
                    .that()
                    .resideInAPackage("dev.annogan.examples.cli..")
                    .should()
                    .onlyBeAccessed()
                    .byClassesThat()
                    .resideInAPackage("dev.annogan.examples.cli..");

    /** The packages of each module depend on each other without cycles. */
    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.annogan.(**)").should().beFreeOfCycles();
}
