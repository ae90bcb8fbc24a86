package dev.palisade.detectors.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.palisade.detect.EntityType;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds phone numbers: Google's libphonenumber for numbers that are valid in one of the
 * configured regions (or carry a {@code +} country code), plus a generic grouping rule for the
 * many shapes real numbers take that a strict validator rejects; the latter scores low and
 * relies on context words ("call me at", "phone").
 *
 * <p>Candidates come from one bounded expression run only inside digit windows with at least
 * seven digits. libphonenumber's {@code parse} costs about ten microseconds a call, so a
 * national-format candidate is not parsed once per region: its digits are tried as the national
 * number of each configured country (as written, without the national prefix, without a
 * country code written without its {@code +}), only when the length is one the country uses, and
 * only {@code isValidNumber} runs. International forms ({@code +}, {@code 00}, {@code 011}) are
 * parsed once.
 */
final class PhoneScanner {

  static final List<String> CONTEXT = List.of("phone", "call", "tel", "telephone", "mobile", "cell",
      "fax", "contact", "reach", "text me", "whatsapp", "dial", "ring");

  private static final Pattern GENERIC = Pattern.compile(Rules.L
      + "((?:\\+\\d{1,3}[ .-]?|00\\d{1,3}[ .-]?)?(?:\\(\\d{1,5}\\)[ .-]?)?\\d{1,12}(?:[ .-]\\d{1,12}){0,5}"
      + "(?: ?(?:x|ext\\.?|extension) ?\\d{1,6})?)" + Rules.R);

  /**
   * Where {@link #GENERIC} can start: {@code find()} would try it at every position of a window,
   * while only these can begin a match. Index 128 stands for every non-ASCII character.
   */
  private static final boolean[] GENERIC_FIRST = new boolean[129];
  /** Characters the expression's leading lookbehind rejects before a match (index 128: non-ASCII). */
  private static final boolean[] GENERIC_NOT_BEFORE = new boolean[129];

  static {
    RegexBounds b = RegexBounds.of(GENERIC.pattern());
    for (char c = 0; c < 128; c++) {
      Matcher m = GENERIC.matcher(String.valueOf(c));
      // fails before the end of a one-character input: no match starts with c
      GENERIC_FIRST[c] = m.lookingAt() || m.hitEnd();
      GENERIC_NOT_BEFORE[c] = b.notBefore != null && b.notBefore.get(c);
    }
    GENERIC_FIRST[128] = b.alphabet.get(RegexBounds.NON_ASCII);
    GENERIC_NOT_BEFORE[128] = b.notBefore != null && b.notBefore.get(RegexBounds.NON_ASCII);
  }

  private static final int MAX_VALIDATIONS = 512;

  private static final Pattern SSN_SHAPE = Pattern.compile("\\d{3}([- .])\\d{2}\\1\\d{4}");

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final List<Country> countries;

  /**
   * What validation needs of one configured region; one entry per calling code.
   *
   * @param checks per region, its number descriptions compiled once, or null to ask libphonenumber
   * @param anyLength bit n set when some region of the code admits national numbers of n digits
   */
  private record Country(int code, String codeDigits, String nationalPrefix, List<String> regions,
      RegionCheck[] checks, int anyLength) {}

  PhoneScanner(List<String> regions) {
    // regions sharing a calling code (US and CA) share one national-number attempt
    Map<Integer, List<String>> byCode = new LinkedHashMap<>();
    for (String region : regions) {
      int code = util.getCountryCodeForRegion(region);
      if (code == 0) {
        throw new IllegalArgumentException("unknown phone region: " + region);
      }
      byCode.computeIfAbsent(code, c -> new ArrayList<>()).add(region);
    }
    List<Country> out = new ArrayList<>();
    byCode.forEach((code, rs) -> {
      String prefix = util.getNddPrefixForRegion(rs.get(0), true);
      RegionCheck[] checks = new RegionCheck[rs.size()];
      int any = 0;
      for (int i = 0; i < rs.size(); i++) {
        checks[i] = RegionCheck.of(rs.get(i));
        any |= checks[i] == null ? ALL_LENGTHS : checks[i].general().lengths();
      }
      out.add(new Country(code, String.valueOf(code), prefix == null ? "" : prefix, List.copyOf(rs), checks, any));
    });
    this.countries = List.copyOf(out);
  }

  void scan(String text, Windows w, Sink sink) {
    if (!sink.wants(EntityType.PHONE_NUMBER)) {
      return;
    }
    int n = text.length();
    int budget = MAX_VALIDATIONS;
    Matcher g = GENERIC.matcher(text);
    g.useTransparentBounds(true).useAnchoringBounds(false);
    for (int k = 0; k < w.size; k++) {
      if (w.digitCounts[k] < 7) {
        continue;
      }
      int we = Math.min(n, w.ends[k]);
      // what find() does, without trying the positions where no match can start
      for (int at = w.starts[k]; at < we; at++) {
        if (!GENERIC_FIRST[Math.min(text.charAt(at), 128)]
            || at > 0 && GENERIC_NOT_BEFORE[Math.min(text.charAt(at - 1), 128)]) {
          continue;
        }
        g.region(at, we);
        if (!g.lookingAt()) {
          continue;
        }
        at = g.end() - 1; // the next search starts where this match ends
        String m = g.group(1);
        int digits = 0;
        boolean structured = m.startsWith("+") || m.indexOf('(') >= 0;
        int groups = 1;
        for (int i = 0; i < m.length(); i++) {
          char c = m.charAt(i);
          if (c >= '0' && c <= '9') {
            digits++;
          } else if (c == ' ' || c == '-' || c == '.') {
            groups++;
          } else if (c == 'x' || c == 'e') {
            break; // the extension's digits are not the number's
          }
        }
        if (digits < 7 || digits > 15 || (groups < 2 && !structured && digits < 10)
            || SSN_SHAPE.matcher(m).matches()) {
          // 3-2-4 is how social security numbers are written, never US phone numbers
          continue;
        }
        // libphonenumber is the expensive part: a text made of thousands of number-like groups
        // gets the generic score for all but the first few hundred candidates
        boolean valid = budget-- > 0 && valid(m);
        double score = valid ? 0.75
            : structured || m.indexOf('x') > 0 || m.indexOf('e') > 0 ? 0.5 : groups < 2 ? 0.2 : 0.4;
        sink.add(EntityType.PHONE_NUMBER, g.start(1), g.end(1), score, score >= 0.75 ? "phone" : "phone-generic", CONTEXT);
      }
    }
  }

  /** Valid in one of the configured regions, or anywhere when written with an international prefix. */
  boolean valid(String candidate) {
    String digits = digits(candidate);
    try {
      if (candidate.startsWith("+")) {
        return util.isValidNumber(util.parse(candidate, "ZZ"));
      }
      for (String idd : INTERNATIONAL_PREFIXES) {
        if (digits.startsWith(idd) && util.isValidNumber(util.parse("+" + digits.substring(idd.length()), "ZZ"))) {
          return true;
        }
      }
    } catch (NumberParseException | RuntimeException e) {
      return false; // not a number libphonenumber can read: the generic score stands
    }
    for (Country c : countries) {
      if (validNational(digits, c)
          || !c.nationalPrefix().isEmpty() && digits.startsWith(c.nationalPrefix())
              && validNational(digits.substring(c.nationalPrefix().length()), c)
          || digits.startsWith(c.codeDigits()) && validNational(digits.substring(c.codeDigits().length()), c)) {
        return true;
      }
    }
    return false;
  }

  private static final List<String> INTERNATIONAL_PREFIXES = List.of("00", "011");

  /** Every length up to libphonenumber's longest national number (17). */
  private static final int ALL_LENGTHS = (1 << 18) - 1;

  /**
   * One kind of number of a region (libphonenumber's {@code PhoneNumberDesc}): the lengths it
   * admits and the pattern the whole national number must match, compiled once.
   *
   * @param lengths bit n set when n digits are possible
   * @param pattern null when the description has none (it then matches nothing)
   * @param startsLow bits 0-63, with {@code startsHigh} bits 64-99: bit 10a+b set when a number may begin with the digits a, b: the pattern, tried
   *     on those two digits alone, did not fail before their end (so no longer number can match
   *     if it did); most candidates of another country are turned away here without a match
   */
  record Desc(int lengths, Pattern pattern, long startsLow, long startsHigh) {

    static Desc of(PhoneNumberDesc d) {
      int mask = 0;
      if (d.getPossibleLengthList().isEmpty()) {
        mask = ALL_LENGTHS;
      } else {
        for (int len : d.getPossibleLengthList()) {
          if (len >= 0 && len <= 17) {
            mask |= 1 << len; // others (-1: "none") never equal a real length
          }
        }
      }
      String p = d.getNationalNumberPattern();
      Pattern pattern = p.isEmpty() ? null : Pattern.compile(p);
      long[] starts = {-1L, -1L};
      if (pattern != null) {
        Matcher m = pattern.matcher("");
        for (int ab = 0; ab < 100; ab++) {
          m.reset(String.valueOf((char) ('0' + ab / 10)) + (char) ('0' + ab % 10));
          if (!m.matches() && !m.hitEnd()) {
            starts[ab >> 6] &= ~(1L << (ab & 63));
          }
        }
      }
      return new Desc(mask, pattern, starts[0], starts[1]);
    }

    /** libphonenumber's {@code isNumberMatchingDesc}: a possible length and a whole match. */
    boolean matches(String nsn) {
      if ((lengths >>> nsn.length() & 1) == 0 || pattern == null) {
        return false;
      }
      char a = nsn.length() >= 2 ? nsn.charAt(0) : 'x';
      char b = nsn.length() >= 2 ? nsn.charAt(1) : 'x';
      if (a >= '0' && a <= '9' && b >= '0' && b <= '9') {
        int ab = (a - '0') * 10 + (b - '0');
        if (((ab < 64 ? startsLow : startsHigh) & (1L << (ab & 63))) == 0) {
          return false;
        }
      }
      return pattern.matcher(nsn).matches();
    }
  }

  /**
   * libphonenumber's {@code isValidNumberForRegion} for a national number of a region whose
   * calling code it has: the number fits the general description and one of the kinds its
   * {@code getNumberType} knows (mobile only when its pattern differs from fixed line; when it is
   * the same, libphonenumber reads a number that is not fixed line as unknown). Doing it
   * here with patterns compiled once skips the metadata look-ups, the pattern cache and the
   * string building of each call; {@code PhoneScannerTest} checks it against libphonenumber.
   */
  record RegionCheck(Desc general, Desc[] kinds) {

    /** Read from the metadata files {@link PhoneNumberUtil} reads; null when they cannot be. */
    static RegionCheck of(String region) {
      try {
        PhoneMetadata m = com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider.getInstance()
            .getPhoneNumberMetadataSource().getMetadataForRegion(region);
        if (m == null) {
          return null;
        }
        // any one kind makes the number valid, so the common ones go first
        List<Desc> kinds = new ArrayList<>(List.of(Desc.of(m.getFixedLine())));
        if (!m.getSameMobileAndFixedLinePattern()) {
          kinds.add(Desc.of(m.getMobile()));
        }
        for (PhoneNumberDesc d : List.of(m.getTollFree(), m.getPremiumRate(), m.getSharedCost(), m.getVoip(),
            m.getPersonalNumber(), m.getPager(), m.getUan(), m.getVoicemail())) {
          kinds.add(Desc.of(d));
        }
        return new RegionCheck(Desc.of(m.getGeneralDesc()), kinds.toArray(new Desc[0]));
      } catch (RuntimeException e) {
        return null; // no shortcut: libphonenumber is asked
      }
    }

    /** Whether {@code nsn} (digits only, at most 17) is a valid national number of the region. */
    boolean valid(String nsn) {
      if (!general.matches(nsn)) {
        return false;
      }
      for (Desc d : kinds) {
        if (d.matches(nsn)) {
          return true;
        }
      }
      return false;
    }
  }

  private boolean validNational(String nsn, Country c) {
    if (nsn.isEmpty() || nsn.length() > 17 || (c.anyLength() >>> nsn.length() & 1) == 0) {
      return false;
    }
    PhoneNumber number = null;
    for (int i = 0; i < c.regions().size(); i++) {
      RegionCheck check = c.checks()[i];
      if (check != null) {
        if (check.valid(nsn)) {
          return true;
        }
        continue;
      }
      if (number == null) {
        number = number(nsn, c.code());
      }
      // not isValidNumber: for +1 it would try all 25 North American regions
      if (util.isValidNumberForRegion(number, c.regions().get(i))) {
        return true;
      }
    }
    return false;
  }

  /** The number libphonenumber would parse from national digits {@code nsn} (its significant number is nsn). */
  static PhoneNumber number(String nsn, int code) {
    PhoneNumber number = new PhoneNumber().setCountryCode(code).setNationalNumber(Long.parseLong(nsn));
    int zeros = 0;
    while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') {
      zeros++;
    }
    if (zeros > 0) {
      // Italian-style numbers keep their leading zero as part of the national number
      number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
    }
    return number;
  }

  /** The digits of the number itself, without an extension. */
  private static String digits(String candidate) {
    StringBuilder sb = new StringBuilder(candidate.length());
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      } else if (c == 'x' || c == 'e') {
        break;
      }
    }
    return sb.toString();
  }
}
