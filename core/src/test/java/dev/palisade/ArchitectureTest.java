package dev.palisade;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The package structure of docs/ARCHITECTURE.md, kept true. */
class ArchitectureTest {

  static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPath(Path.of("target/classes"));

  @Test
  void theDetectorSpiStandsAlone() {
    noClasses().that().resideInAPackage("dev.palisade.detect..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.palisade", "dev.palisade.internal..", "dev.palisade.anonymize..", "dev.palisade.audit..",
            "dev.palisade.crypto..")
        .check(CORE);
  }

  @Test
  void cryptoDependsOnNoOtherPartOfPalisade() {
    noClasses().that().resideInAPackage("dev.palisade.crypto..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.palisade", "dev.palisade.internal..", "dev.palisade.anonymize..", "dev.palisade.audit..")
        .check(CORE);
  }

  @Test
  void theAuditLogDoesNotReachIntoTheGuard() {
    noClasses().that().resideInAPackage("dev.palisade.audit..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.palisade.internal..", "dev.palisade.anonymize..")
        .check(CORE);
  }

  @Test
  void theSimulatorUsesOnlyThePublicApi() {
    noClasses().that().resideInAPackage("dev.palisade.simulator..")
        .should().dependOnClassesThat().resideInAPackage("dev.palisade.internal..")
        .check(CORE);
  }
}
