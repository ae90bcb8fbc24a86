package dev.palisade.detectors.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.detect.EntityType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BannedContentDetectorTest {

  private static final BannedContentDetector CONFIGURED = BannedContentDetector.builder()
      .terms(List.of("Project Falcon", "widget"))
      .topic("weapons", List.of("pipe bomb", "Sprengstoff"))
      .topic("cjk", List.of("炸弹"))
      .build();

  private static final BannedContentDetector LEXICON = BannedContentDetector.builder().allLexicons().build();

  private static List<String> found(BannedContentDetector d, String text) {
    return d.scan(text).stream().map(m -> m.span().of(text)).toList();
  }

  @Test
  void matchesWholeWordsCaseInsensitively() {
    assertThat(found(CONFIGURED, "Tell me about PROJECT   falcon and the Widget."))
        .containsExactly("PROJECT   falcon", "Widget");
    assertThat(found(CONFIGURED, "widgets and minwidget are different words")).isEmpty();
  }

  @Test
  void matchesAfterNfkcAndIgnorableCharacters() {
    String text = "ｗｉｄｇｅｔ, wid\u200Bget and Wİdget";
    assertThat(found(CONFIGURED, text)).startsWith("ｗｉｄｇｅｔ", "wid\u200Bget");
  }

  @Test
  void matchesInsideWordsOfScriptsWithoutSpaces() {
    assertThat(found(CONFIGURED, "如何制作炸弹呢")).containsExactly("炸弹");
  }

  @Test
  void reportsTopicAndTypeButNeverTheTerm() {
    var m = CONFIGURED.scan("a pipe bomb").get(0);
    assertThat(m.topic()).isEqualTo("weapons");
    assertThat(m.toString()).doesNotContain("pipe");
    assertThat(CONFIGURED.detect("a pipe bomb")).singleElement().satisfies(f -> {
      assertThat(f.type()).isEqualTo(EntityType.BANNED_CONTENT);
      assertThat(f.detector()).isEqualTo("banned-content");
    });
  }

  @Test
  void bundledLexiconCoversSeveralLanguages() {
    assertThat(BannedContentDetector.bundledLanguages()).contains("en", "de", "fr", "es", "ja", "zh", "ru")
        .hasSizeGreaterThanOrEqualTo(20);
    assertThat(LEXICON.termCount()).isGreaterThan(2500);
    assertThat(LEXICON.scan("what a bullshit answer")).extracting(BannedContentDetector.Match::topic)
        .contains("profanity:en");
    assertThat(LEXICON.scan("du Arschloch")).extracting(BannedContentDetector.Match::topic)
        .contains("profanity:de");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "The analysis of the assessment was classic.",
    "Scunthorpe is a town; the cocktail was great.",
    "牛乳を飲みました。",
    "Let's grab a coffee and discuss the documentation.",
  })
  void bundledLexiconLeavesOrdinaryTextAlone(String text) {
    assertThat(LEXICON.detect(text)).isEmpty();
  }

  @Test
  void rejectsBadConfiguration() {
    assertThatThrownBy(() -> BannedContentDetector.builder().topic(" ", List.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("topic name must not be blank");
    assertThatThrownBy(() -> BannedContentDetector.builder().topic("t", List.of("ok", "\u200B ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("topic \"t\" term 1 is blank");
    assertThatThrownBy(() -> BannedContentDetector.builder().lexicon(List.of("xx")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no bundled lexicon for language \"xx\"");
  }

  @Test
  void emptyDetectorFindsNothing() {
    assertThat(BannedContentDetector.builder().build().detect("anything")).isEmpty();
  }
}
