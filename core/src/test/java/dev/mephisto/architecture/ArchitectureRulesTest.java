package dev.mephisto.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The architecture rules fail on planted circles and leaks, so a green ArchitectureTest means something. */
class ArchitectureRulesTest {

    private static final String CYCLE = "dev.mephisto.architecture.planted.cycle";
    private static final String LEAK = "dev.mephisto.architecture.planted.leak";

    @Test
    void shouldReportAPackageCycleWhenTwoPackagesImportEachOther() {
        EvaluationResult result = ArchitectureRules.noPackageCycles(CYCLE).evaluate(planted(CYCLE));

        assertTrue(result.hasViolation(), "the planted package circle is not reported");
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(CYCLE + ".a") && report.contains(CYCLE + ".b"), report);
    }

    @Test
    void shouldReportAFileCycleWhenTwoClassesImportEachOther() {
        EvaluationResult result = ArchitectureRules.noFileCycles(CYCLE).evaluate(planted(CYCLE));

        assertTrue(result.hasViolation(), "the planted file circle is not reported");
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains("Ping") && report.contains("Pong"), report);
    }

    @Test
    void shouldReportAnInternalTypeInAPublicSignatureOfTheFace() {
        EvaluationResult result = ArchitectureRules.faceSignaturesNameNoInternalType(LEAK).evaluate(planted(LEAK));

        assertTrue(result.hasViolation(), "the planted leak is not reported");
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(LEAK + ".Face.machinery()"), report);
        assertTrue(!report.contains("hidden()"), "a package-private method is no leak: " + report);
    }

    @Test
    void shouldPassWhenNoCircleAndNoLeakIsPlanted() {
        JavaClasses leakOnly = planted(LEAK);

        assertEquals(false, ArchitectureRules.noPackageCycles(LEAK).evaluate(leakOnly).hasViolation());
        assertEquals(false, ArchitectureRules.noFileCycles(LEAK).evaluate(leakOnly).hasViolation());
    }

    private static JavaClasses planted(String pkg) {
        return new ClassFileImporter().importPackages(pkg);
    }
}
