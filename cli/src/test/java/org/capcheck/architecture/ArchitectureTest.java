package org.capcheck.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of docs/ARCHITECTURE.md, enforced on the compiled classes (the cli's test
 * classpath holds every module): each product's packages may depend only on the products below it,
 * and no two packages depend on each other in a cycle. Maven already refuses cycles between
 * modules; this also catches a dependency a module's pom allows but the picture does not.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.capcheck");
    }

    private static void onlyDependOn(String pkg, String... allowed) {
        String[] all = new String[allowed.length + 2];
        all[0] = "java..";
        all[1] = pkg;
        System.arraycopy(allowed, 0, all, 2, allowed.length);
        classes().that().resideInAPackage(pkg)
                .should().onlyDependOnClassesThat().resideInAnyPackage(all)
                .because("docs/ARCHITECTURE.md: " + pkg + " depends on " + String.join(", ", allowed))
                .check(classes);
    }

    @Test
    void capCoreDependsOnTheJdkAlone() {
        onlyDependOn("org.capcheck.core..");
    }

    @Test
    void jsonDependsOnTheJdkAlone() {
        onlyDependOn("org.capcheck.json..");
    }

    @Test
    void theEngineKnowsNothingOfCapabilities() {
        onlyDependOn("org.capcheck.engine..", "org.capcheck.json..");
    }

    @Test
    void captraceStandsOnCapCoreAlone() {
        onlyDependOn("org.capcheck.captrace..", "org.capcheck.core..", "org.capcheck.json..");
    }

    @Test
    void theSpecificationStandsOnCapCoreAlone() {
        onlyDependOn("org.capcheck.spec..", "org.capcheck.core..");
    }

    @Test
    void theMultikernelStateMachinesStandOnCapCoreAlone() {
        onlyDependOn("org.capcheck.multikernel..", "org.capcheck.core..");
    }

    @Test
    void modelsUseTheEngineTheSpecificationAndCaptrace() {
        onlyDependOn("org.capcheck.model..", "org.capcheck.core..", "org.capcheck.engine..",
                "org.capcheck.spec..", "org.capcheck.captrace..", "org.capcheck.json..",
                "org.capcheck.multikernel..");
    }

    @Test
    void theMultikernelModelUsesTheStateMachinesTheEngineAndJson() {
        onlyDependOn("org.capcheck.model.multikernel..", "org.capcheck.multikernel..", "org.capcheck.engine..",
                "org.capcheck.json..");
    }

    @Test
    void harnessesUseTheEngineAndJpfAlone() {
        onlyDependOn("org.capcheck.jpf..", "org.capcheck.core..", "org.capcheck.engine..",
                "org.capcheck.json..", "gov.nasa.jpf..");
    }

    @Test
    void proofsUseTheSpecificationCaptraceAndZ3() {
        onlyDependOn("org.capcheck.proofs..", "org.capcheck.core..", "org.capcheck.spec..",
                "org.capcheck.captrace..", "org.capcheck.json..", "com.microsoft.z3..");
    }

    @Test
    void theFuzzerUsesCapCoreTheSpecificationCaptraceTheEngineTheMultikernelAndJazzer() {
        onlyDependOn("org.capcheck.fuzz..", "org.capcheck.core..", "org.capcheck.spec..", "org.capcheck.captrace..",
                "org.capcheck.json..", "org.capcheck.engine..", "org.capcheck.multikernel..",
                "org.capcheck.model.multikernel..", "com.code_intelligence.jazzer..");
    }

    @Test
    void reportDrawingDependsOnTheJdkAlone() {
        onlyDependOn("org.capcheck.report.html..");
    }

    @Test
    void reportsReadTheRunsTheyShowAndDrawWithTheDrawingPackage() {
        onlyDependOn("org.capcheck.report..", "org.capcheck.core..", "org.capcheck.engine..", "org.capcheck.spec..",
                "org.capcheck.captrace..", "org.capcheck.model..", "org.capcheck.fuzz..", "org.capcheck.json..");
    }

    @Test
    void nothingButTheCliDependsOnTheReports() {
        classes().that().resideOutsideOfPackages("org.capcheck.cli..", "org.capcheck.report..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("org.capcheck.report..")
                .check(classes);
    }

    @Test
    void testVectorsUseCapCoreTheSpecificationCaptraceAndTheFuzzersGenerator() {
        onlyDependOn("org.capcheck.fuzz.vectors..", "org.capcheck.core..", "org.capcheck.spec..",
                "org.capcheck.captrace..", "org.capcheck.json..", "org.capcheck.fuzz.gen..");
    }

    @Test
    void nothingButTheCliDependsOnTheCli() {
        classes().that().resideOutsideOfPackage("org.capcheck.cli..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("org.capcheck.cli..")
                .check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.capcheck.(**)").should().beFreeOfCycles().check(classes);
    }
}
