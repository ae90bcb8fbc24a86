package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses written as blocks of lines, with and without the prefixes of quoted mail. */
class AddressBlocksTest {

  private static final PiiDetector DEFAULTS = PiiDetector.defaults();

  @Test
  void everyLineOfAQuotedBlockIsItsOwnFinding() {
    String text = "See below.\n\n>Maria Keller\n>Brightwave Analytics\n>12 Lindenweg 4\n>Suite 210\n"
        + ">Ostermundigen\n>Switzerland 30721";
    assertThat(typed(text, EntityType.LOCATION))
        .containsExactly("12 Lindenweg 4", "Suite 210", "Ostermundigen", "Switzerland 30721");
    assertThat(typed(text, EntityType.PERSON)).containsExactly("Maria Keller");
    assertThat(typed(text, EntityType.ORGANIZATION)).containsExactly("Brightwave Analytics");
  }

  @Test
  void theSamePrefixOnEveryLineWhateverItIs() {
    String text = "??? dr. sandra oyelaran\n??? 7 rue des lilas 19\n??? apt. 4\n??? vernouillet\n??? france 78540";
    assertThat(typed(text, EntityType.LOCATION))
        .containsExactly("7 rue des lilas 19", "apt. 4", "vernouillet", "france 78540");
    assertThat(typed(text, EntityType.PERSON)).containsExactly("dr. sandra oyelaran");
    assertThat(typed(">12 Lindenweg 4\n> Suite 210\n???Ostermundigen\n>Switzerland 30721", EntityType.LOCATION))
        .as("a line with another prefix is not part of the block").doesNotContain("Ostermundigen");
  }

  @Test
  void linesWithoutAPrefixAreOneAddress() {
    assertThat(typed("Name: Tom Ruiz\nAddress:   81 Harbor Lane\nPortsmouth\n, NH\n 03801", EntityType.LOCATION))
        .containsExactly("81 Harbor Lane\nPortsmouth\n, NH\n 03801");
    assertThat(typed("Our office is at 58 Quarry Road\nMillbrook\n\n Canada 40213 if you need it.", EntityType.LOCATION))
        .as("a street after a few words of prose, a blank line inside the block")
        .containsExactly("58 Quarry Road\nMillbrook\n\n Canada 40213");
    assertThat(typed("Send it to USS Hopper\nFPO AP 96540\nThanks!", EntityType.LOCATION))
        .containsExactly("USS Hopper\nFPO AP 96540");
  }

  @Test
  void linesThatOnlyEndInANumberAreNoAddress() {
    assertThat(detectors("Order summary\nWidgets 2\nTotal 12345")).doesNotContain("address-block");
    assertThat(detectors("Results\n3 apples\nbananas\nTotal 12345"))
        .as("the last line must name a place").doesNotContain("address-block");
    assertThat(typed("12 Lindenweg 4\n\n\nOstermundigen\nSwitzerland 30721", EntityType.LOCATION))
        .as("a paragraph break ends the block").doesNotContain("12 Lindenweg 4");
  }

  @Test
  void placesAfterWordsOfPlaceAndPostcodesAfterTheirName() {
    assertThat(typed("I'm in KORVENKYLÄ for a business trip.", EntityType.LOCATION)).containsExactly("KORVENKYLÄ");
    assertThat(typed("She grew up in Oberwiesenthal-Nord, then left.", EntityType.LOCATION))
        .containsExactly("Oberwiesenthal-Nord");
    assertThat(typed("I'm in Marketing now.", EntityType.LOCATION)).as("an everyday word").isEmpty();
    assertThat(typed("My zip code is 30721.", EntityType.LOCATION)).containsExactly("30721");
    assertThat(typed("We sold 30721 units.", EntityType.LOCATION)).isEmpty();
    assertThat(typed("She moved here from People's Republic of China last year.", EntityType.LOCATION))
        .containsExactly("People's Republic of China");
  }

  @Test
  void aBlockMayStartAfterProseAndEndBeforeIt() {
    assertThat(typed("Hello, I moved recently and please update my new address which is 07 262 Kestrel Way\nHarrowby\n, QC\n 40402",
        EntityType.LOCATION)).containsExactly("07 262 Kestrel Way\nHarrowby\n, QC\n 40402");
    assertThat(typed("Please bill 24 ul. Lipowa 131\nSopotnia\n, SL\n Poland 25368 for this card.", EntityType.LOCATION))
        .containsExactly("24 ul. Lipowa 131\nSopotnia\n, SL\n Poland 25368");
  }

  @Test
  void aSignatureIsANameACompanyAndAnAddress() {
    String text = "Thanks,\n\nOskar Lindqvist\nFern\n14 Vallgatan 3, Skellefteå, Sweden 93131\n0910 123 45 office";
    assertThat(typed(text, EntityType.PERSON)).containsExactly("Oskar Lindqvist");
    assertThat(typed(text, EntityType.ORGANIZATION)).as("the line between name and address").containsExactly("Fern");
    assertThat(typed(text, EntityType.LOCATION)).containsExactly("14 Vallgatan 3, Skellefteå, Sweden 93131");
    assertThat(typed("Ines Moreau\n9 Rue Haute 12\n Suite 4\n Namur\n Belgium", EntityType.LOCATION))
        .as("a last line that is only a country").containsExactly("9 Rue Haute 12\n Suite 4\n Namur\n Belgium");
  }

  @Test
  void aClubIsNamedAfterItsPlace() {
    assertThat(typed("When: 2014-02-13\nWhere: Wrocław Country Club.", EntityType.LOCATION)).containsExactly("Wrocław");
    assertThat(typed("The title refers to Lindenstrasse 51 street in Weimar.", EntityType.LOCATION))
        .contains("Lindenstrasse 51");
  }

  @Test
  void streetCornersAreOneAddress() {
    assertThat(typed("Meet me at the corner of 12 Baker Street and Harlow Street tonight.", EntityType.LOCATION))
        .containsExactly("the corner of 12 Baker Street and Harlow Street");
    assertThat(typed("Please send it to Ottilie and 41 Kestrel Avenue by Monday.", EntityType.LOCATION))
        .containsExactly("Ottilie and 41 Kestrel Avenue");
    assertThat(typed("Ottilie and 41 Kestrel Avenue", EntityType.LOCATION))
        .as("without a word that introduces an address, the word is not part of it").containsExactly("41 Kestrel Avenue");
  }

  /** A megabyte of lines, corners or " and ": a scan that looked back over the text per line would take hours. */
  @ParameterizedTest
  @ValueSource(strings = {"12 Main Street\n", ">12 Main Street\n>Suite 4\n", "Tonga 44249\n", "to Ann and ", "corner of 1 and ",
      "Ann and 2 St\n", "\n"})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aMegabyteOfAddressShapesTakesLinearTime(String unit) {
    String text = unit.repeat((1 << 20) / unit.length() + 1);
    PiiDetectorContractTest.assertInBounds(text, DEFAULTS.detect(text));
  }

  private static List<String> detectors(String text) {
    return DEFAULTS.detect(text).stream().map(Finding::detector).toList();
  }

  private static List<String> typed(String text, EntityType type) {
    return DEFAULTS.detect(text).stream().filter(f -> f.type() == type).map(f -> text.substring(f.start(), f.end())).toList();
  }
}
