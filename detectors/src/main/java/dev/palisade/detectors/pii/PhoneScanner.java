package dev.palisade.detectors.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.palisade.detect.EntityType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds phone numbers: Google's libphonenumber for numbers that are valid in one of the
 * configured regions (or carry a {@code +} country code), plus a generic grouping rule for the
 * many shapes real numbers take that a strict validator rejects; the latter scores low and
 * relies on context words ("call me at", "phone").
 *
 * <p>Candidates come from one bounded expression run only inside digit windows with at least
 * seven digits; libphonenumber then parses each candidate once per region, which is far cheaper
 * than letting it search the text.
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
  private final List<String> regions;

  PhoneScanner(List<String> regions) {
    this.regions = List.copyOf(regions);
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

  /** Valid in one of the configured regions, or internationally when it starts with +. */
  private boolean valid(String candidate) {
    try {
      if (candidate.startsWith("+")) {
        return util.isValidNumber(util.parse(candidate, "ZZ"));
      }
      for (String region : regions) {
        if (util.isValidNumber(util.parse(candidate, region))) {
          return true;
        }
      }
    } catch (NumberParseException | RuntimeException e) {
      // not a number libphonenumber can read: the generic score stands
    }
    return false;
  }
}
