package dev.palisade.detectors.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.palisade.detect.EntityType;
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

  private static final int MAX_VALIDATIONS = 512;

  private static final Pattern SSN_SHAPE = Pattern.compile("\\d{3}([- .])\\d{2}\\1\\d{4}");

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final List<Country> countries;

  /** What validation needs of one configured region; one entry per calling code. */
  private record Country(int code, String codeDigits, String nationalPrefix, List<String> regions) {}

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
      out.add(new Country(code, String.valueOf(code), prefix == null ? "" : prefix, List.copyOf(rs)));
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
      g.region(w.starts[k], Math.min(n, w.ends[k]));
      while (g.find()) {
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

  private boolean validNational(String nsn, Country c) {
    if (nsn.isEmpty() || nsn.length() > 17) {
      return false;
    }
    PhoneNumber number = new PhoneNumber().setCountryCode(c.code()).setNationalNumber(Long.parseLong(nsn));
    int zeros = 0;
    while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') {
      zeros++;
    }
    if (zeros > 0) {
      // Italian-style numbers keep their leading zero as part of the national number
      number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
    }
    for (String region : c.regions()) {
      // not isValidNumber: for +1 it would try all 25 North American regions
      if (util.isValidNumberForRegion(number, region)) {
        return true;
      }
    }
    return false;
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
