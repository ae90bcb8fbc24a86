package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the name pass adds to the model: address lines joined, everyday words kept out. */
class NamesAndAddressesTest {

  private static final PiiDetector DEFAULTS = PiiDetector.defaults();

  @Test
  void neighbouringPlacesWithANumberAreOneAddress() {
    // deny-list findings make the input to the joining rule exact
    PiiDetector d = PiiDetector.builder().ner(false).enabledTypes(Set.of(EntityType.LOCATION))
        .denyList(EntityType.LOCATION, "68 Hulsterdreef", "Kobenhavn K", "Sweden 36018", "Paris", "France")
        .build();
    String address = "Ship it to 68 Hulsterdreef,\n Kobenhavn K, Sweden 36018 today.";
    assertThat(spans(d, address)).containsExactly("68 Hulsterdreef,\n Kobenhavn K, Sweden 36018");
    assertThat(spans(d, "We flew from Paris, France on Monday."))
        .as("places without a number are not an address").containsExactly("Paris", "France");
    assertThat(spans(d, "68 Hulsterdreef is far from Paris")).containsExactly("68 Hulsterdreef", "Paris");
  }

  @Test
  void unitsBoxesAndMilitaryPostAreAddressParts() {
    assertThat(typed(DEFAULTS, "Mail it to P.O. Box 101 today.", EntityType.LOCATION)).containsExactly("P.O. Box 101");
    assertThat(typed(DEFAULTS, "it is in suite 834 upstairs", EntityType.LOCATION)).containsExactly("suite 834");
    assertThat(typed(DEFAULTS, "Ship to PSC 5605, Box 8122", EntityType.LOCATION)).containsExactly("PSC 5605, Box 8122");
    assertThat(typed(DEFAULTS, "Forward to APO AE 09012 by Friday", EntityType.LOCATION)).containsExactly("APO AE 09012");
    assertThat(typed(DEFAULTS, "The box is in room for two more.", EntityType.LOCATION)).isEmpty();
  }

  @Test
  void streetsAndCompaniesAreNamedByTheirLastWord() {
    assertThat(typed(DEFAULTS, "Meet me on Anderson Street at noon.", EntityType.LOCATION))
        .containsExactly("Anderson Street");
    assertThat(typed(DEFAULTS, "The shop on 2914 184th Street closed.", EntityType.LOCATION))
        .containsExactly("2914 184th Street");
    assertThat(DEFAULTS.detect("Save it to Google Drive please.")).extracting(Finding::detector)
        .as("drive, court, place and square need a house number").doesNotContain("street");
    assertThat(typed(DEFAULTS, "Cantrell Ltd. is the brainchild of three founders.", EntityType.ORGANIZATION))
        .containsExactly("Cantrell Ltd.");
    assertThat(typed(DEFAULTS, "our customer services group is great", EntityType.ORGANIZATION))
        .as("everyday words before a sector word").isEmpty();
    assertThat(typed(DEFAULTS, "She works for Earth Networks in Boston.", EntityType.ORGANIZATION))
        .containsExactly("Earth Networks");
    assertThat(typed(DEFAULTS, "We offer financial services to all.", EntityType.ORGANIZATION)).isEmpty();
  }

  @Test
  void aKnownFirstNameJoinsTheSurnameTheModelFound() {
    // the model alone finds "Castro" and "Jason", or "Matthew" and "Sedej", as separate names
    assertThat(typed(DEFAULTS, "The Jason Castro version was recorded in May.", EntityType.PERSON))
        .containsExactly("Jason Castro");
    assertThat(typed(DEFAULTS, "Matthew Sedej, the night manager, said the shop stays open.", EntityType.PERSON))
        .containsExactly("Matthew Sedej");
    // the model reads "Kocanda" as a place; a known first name before it makes it a surname
    assertThat(typed(DEFAULTS, "Leslie Kocanda will be talking in the conference.", EntityType.PERSON))
        .containsExactly("Leslie Kocanda");
    // a first name the model already read as something else is left to the overlap rule
    assertThat(typed(DEFAULTS, "Thanks to Greg Lindau for the help.", EntityType.PERSON)).containsExactly("Lindau");
  }

  @Test
  void oneCharacterIsNoName() {
    assertThat(typed(DEFAULTS, "Send it to Ω by Friday.", EntityType.LOCATION)).isEmpty();
  }

  @Test
  void twoHyphenatedSurnamesAreAFirm() {
    assertThat(typed(DEFAULTS, "Mayer-Watkins hired him.", EntityType.ORGANIZATION)).containsExactly("Mayer-Watkins");
    assertThat(typed(DEFAULTS, "Ask Catherine Zeta-Jones.", EntityType.ORGANIZATION))
        .as("after a first name it is a double surname").isEmpty();
    assertThat(DEFAULTS.detect("It is a well-known fact.")).isEmpty();
  }

  @Test
  void aNameCueMakesAnEverydayWordAName() {
    assertThat(typed(DEFAULTS, "Sometimes people call me Mark.", EntityType.PERSON)).containsExactly("Mark");
    assertThat(typed(DEFAULTS, "Please mark the box.", EntityType.PERSON)).isEmpty();
  }

  @Test
  void theSpeakerAfterAQuoteIsAPerson() {
    assertThat(typed(DEFAULTS, "\"We are ready,\" says Vedzizhev.", EntityType.PERSON)).containsExactly("Vedzizhev");
    assertThat(typed(DEFAULTS, "The price, he says, is fair.", EntityType.PERSON)).isEmpty();
  }

  @Test
  void peopleListedWithAPersonArePeople() {
    assertThat(typed(DEFAULTS, "Our three founders: Susan Miller, Kovalev and Cantu.", EntityType.PERSON))
        .contains("Susan Miller", "Kovalev", "Cantu");
  }

  @Test
  void namesAreFoundWhereverTheSentenceStarts() {
    assertThat(typed(DEFAULTS, "Sarah called me yesterday about the invoice.", EntityType.PERSON))
        .containsExactly("Sarah");
    assertThat(typed(DEFAULTS, "You can tell Alterio was a huge Susan Lyons fan.", EntityType.PERSON))
        .contains("Susan Lyons");
  }

  @Test
  void aNameEndsAtTheLineAndItsPhoneNumberWithAnExtensionIsFound() {
    String card = "Amanda Larsen\nPhone: 001-748-088-2851x818";
    assertThat(typed(DEFAULTS, card, EntityType.PERSON)).containsExactly("Amanda Larsen");
    assertThat(typed(DEFAULTS, card, EntityType.PHONE_NUMBER)).containsExactly("001-748-088-2851x818");
  }

  @Test
  void everydayWordsAreNotNames() {
    String text = "Unfortunately, the fax machine is broken. Send it by phone since the pin expired. "
        + "One of the most depressing songs on the list.";
    assertThat(DEFAULTS.detect(text)).extracting(Finding::type)
        .doesNotContain(EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION);
  }

  @Test
  void aNameAboveAnAddressBlockIsAPerson() {
    String text = "Amy Szepesy\n\n95 Halsey Road\nSuite 881\nHaybourough\nThailand 52574";
    assertThat(typed(DEFAULTS, text, EntityType.PERSON)).containsExactly("Amy Szepesy");
    assertThat(typed(DEFAULTS, text, EntityType.LOCATION)).allMatch(s -> !s.contains("Amy"));
  }

  @Test
  void aTitleBelongsToTheNameAndTitlesAloneAreNoName() {
    assertThat(typed(DEFAULTS, "Mr. Ford is a 50 year old man from Leeds.", EntityType.PERSON)).containsExactly("Mr. Ford");
    assertThat(typed(DEFAULTS, "yesterday dr. hurst called twice.", EntityType.PERSON)).containsExactly("dr. hurst");
    assertThat(typed(DEFAULTS, "The Princess Royal arrived at noon.", EntityType.PERSON)).isEmpty();
    assertThat(typed(DEFAULTS, "Blink-182 pay tribute here to the Ramones.", EntityType.PERSON))
        .as("a band's name glued to its number").isEmpty();
  }

  @Test
  void wordsAroundANameTellThatItIsOne() {
    assertThat(typed(DEFAULTS, "As promised, here's Ondrej's address: 4 Elm Row.", EntityType.PERSON)).containsExactly("Ondrej");
    assertThat(typed(DEFAULTS, "My name is Halvorsen but everyone calls me Tindra", EntityType.PERSON)).contains("Tindra");
    assertThat(typed(DEFAULTS, "\"that was close!\" said brynhild to the guard.", EntityType.PERSON)).containsExactly("brynhild");
    assertThat(typed(DEFAULTS, "could you ask janice beneventi to call back", EntityType.PERSON))
        .as("a first name the model read as a place, in text without capitals").containsExactly("janice beneventi");
    assertThat(typed(DEFAULTS, "My name is Scott Tury.", EntityType.PERSON)).containsExactly("Scott Tury");
    assertThat(typed(DEFAULTS, "Have you been to a Luke Curry concert before?", EntityType.PERSON))
        .as("a capitalized everyday word after a first name").containsExactly("Luke Curry");
    assertThat(typed(DEFAULTS, "Here's the company's address: 4 Elm Row.", EntityType.PERSON)).isEmpty();
  }

  @Test
  void whatOnlyPeopleDoOrAreCalledMarksAName() {
    assertThat(typed(DEFAULTS, "Tadeusz: \"Who is there?\"\nMarta: \"Only me.\"", EntityType.PERSON))
        .containsExactly("Tadeusz", "Marta");
    assertThat(typed(DEFAULTS, "Note: \"bring the keys\"", EntityType.PERSON)).as("an everyday word").isEmpty();
    assertThat(typed(DEFAULTS, "Wojtek, can you look at this?", EntityType.PERSON)).containsExactly("Wojtek");
    assertThat(typed(DEFAULTS, "Ilmari shouted at the driver.", EntityType.PERSON)).containsExactly("Ilmari");
    assertThat(typed(DEFAULTS, "Unlike the Kowalczyk novel, this one is short.", EntityType.PERSON)).containsExactly("Kowalczyk");
    assertThat(typed(DEFAULTS, "Unlike the Python book, this one is short.", EntityType.PERSON)).isEmpty();
  }

  private static List<String> spans(PiiDetector d, String text) {
    return d.detect(text).stream().map(f -> text.substring(f.start(), f.end())).toList();
  }

  private static List<String> typed(PiiDetector d, String text, EntityType type) {
    return d.detect(text).stream().filter(f -> f.type() == type).map(f -> text.substring(f.start(), f.end())).toList();
  }
}
