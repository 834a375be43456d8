package dev.mephisto.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Core keeps its face and machinery apart: no circles, no machinery type in a public signature. */
class ArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mephisto");
    }

    @Test
    void shouldHaveNoPackageCycleInCore() {
        ArchitectureRules.noPackageCycles("dev.mephisto").check(core);
    }

    @Test
    void shouldHaveNoImportCircleBetweenFilesInCore() {
        ArchitectureRules.noFileCycles("dev.mephisto").check(core);
    }

    @Test
    void shouldMentionNoInternalTypeInAPublicSignatureOfTheFace() {
        ArchitectureRules.faceSignaturesNameNoInternalType("dev.mephisto").check(core);
    }
}
