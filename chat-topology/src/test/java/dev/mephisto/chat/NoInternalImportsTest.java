package dev.mephisto.chat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Chat code uses Mephisto's face only: nothing under dev.mephisto.internal, which may change any day. */
class NoInternalImportsTest {

    @Test
    void shouldUseNothingFromMephistoInternal() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.mephisto.internal..")
                .because("apps and samples use Mephisto's public face; ask for a face method instead")
                .check(new ClassFileImporter().importPackages("dev.mephisto.chat"));
    }
}
