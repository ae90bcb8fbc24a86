package dev.palisade.detectors.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The validation shortcut must say what libphonenumber's parse-per-region says: a national number
 * valid in a configured region, or an international one valid anywhere.
 */
class PhoneScannerTest {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final List<String> REGIONS = PiiDetector.Builder.DEFAULT_REGIONS;

  @Test
  void agreesWithParsingInEveryRegionOnExampleAndRandomNumbers() {
    PhoneScanner scanner = new PhoneScanner(REGIONS);
    List<String> candidates = new ArrayList<>();
    for (String region : List.of("US", "GB", "DE", "FR", "IT", "IN", "JP", "AU", "NL", "BR", "CH", "SE")) {
      for (PhoneNumberUtil.PhoneNumberType type : List.of(PhoneNumberUtil.PhoneNumberType.FIXED_LINE,
          PhoneNumberUtil.PhoneNumberType.MOBILE)) {
        var example = UTIL.getExampleNumberForType(region, type);
        if (example != null) {
          candidates.add(UTIL.format(example, PhoneNumberFormat.NATIONAL));
          candidates.add(UTIL.format(example, PhoneNumberFormat.INTERNATIONAL));
          candidates.add(UTIL.format(example, PhoneNumberFormat.E164).substring(1)); // code without +
          candidates.add("00" + UTIL.format(example, PhoneNumberFormat.E164).substring(1));
        }
      }
    }
    int examples = candidates.size();
    Random random = new Random(42);
    for (int i = 0; i < 3000; i++) {
      StringBuilder sb = new StringBuilder();
      int digits = 7 + random.nextInt(9);
      for (int d = 0; d < digits; d++) {
        sb.append((char) ('0' + random.nextInt(10)));
        if (d > 1 && d < digits - 2 && random.nextInt(4) == 0) {
          sb.append(" -.".charAt(random.nextInt(3)));
        }
      }
      candidates.add(sb.toString());
    }
    int valid = 0;
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      String candidate = candidates.get(i);
      boolean expected = parsedValid(candidate);
      valid += expected ? 1 : 0;
      if (scanner.valid(candidate) != expected) {
        assertThat(i).as("every example number agrees: %s", candidate).isGreaterThanOrEqualTo(examples);
        disagreements.add(candidate);
      }
    }
    // random digit runs: libphonenumber's parse is lenient in ways the shortcut need not copy
    assertThat(disagreements.size()).as("disagreements on random digits: %s", disagreements)
        .isLessThan((candidates.size() - examples) / 200);
    assertThat(valid).as("the sample holds valid numbers too").isGreaterThan(60);
  }

  private static boolean parsedValid(String candidate) {
    try {
      if (candidate.startsWith("+")) {
        return UTIL.isValidNumber(UTIL.parse(candidate, "ZZ"));
      }
      for (String region : REGIONS) {
        var number = UTIL.parse(candidate, region);
        if (number.getCountryCode() == UTIL.getCountryCodeForRegion(region)
            ? UTIL.isValidNumberForRegion(number, region) : UTIL.isValidNumber(number)) {
          return true;
        }
      }
    } catch (NumberParseException e) {
      return false;
    }
    return false;
  }

  /**
   * The compiled per-region check must say exactly what {@code isValidNumberForRegion} says, for
   * the example numbers of every kind, for those numbers with a digit changed, added or dropped,
   * and for random digit strings of every length a national number can have.
   */
  @Test
  void regionChecksAgreeWithLibphonenumber() {
    Random random = new Random(5);
    int valid = 0;
    int checked = 0;
    List<String> regions = new ArrayList<>(REGIONS);
    regions.addAll(List.of("CH", "SE", "MX", "KR", "ZA", "SG", "TR", "PH", "AR", "RU"));
    for (String region : regions) {
      PhoneScanner.RegionCheck check = PhoneScanner.RegionCheck.of(region);
      assertThat(check).as(region).isNotNull();
      int code = UTIL.getCountryCodeForRegion(region);
      List<String> nsns = new ArrayList<>();
      for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
        var example = UTIL.getExampleNumberForType(region, type);
        if (example == null) {
          continue;
        }
        String nsn = UTIL.getNationalSignificantNumber(example);
        nsns.add(nsn);
        for (int k = 0; k < 40; k++) {
          StringBuilder sb = new StringBuilder(nsn);
          int at = random.nextInt(sb.length());
          switch (random.nextInt(3)) {
            case 0 -> sb.setCharAt(at, (char) ('0' + random.nextInt(10)));
            case 1 -> sb.insert(at, (char) ('0' + random.nextInt(10)));
            default -> sb.deleteCharAt(at);
          }
          if (sb.length() > 0) {
            nsns.add(sb.toString());
          }
        }
      }
      for (int k = 0; k < 400; k++) {
        StringBuilder sb = new StringBuilder();
        int len = 1 + random.nextInt(17);
        for (int d = 0; d < len; d++) {
          sb.append((char) ('0' + random.nextInt(10)));
        }
        nsns.add(sb.toString());
      }
      for (String nsn : nsns) {
        boolean expected = UTIL.isValidNumberForRegion(PhoneScanner.number(nsn, code), region);
        assertThat(check.valid(nsn)).as("%s %s", region, nsn).isEqualTo(expected);
        valid += expected ? 1 : 0;
        checked++;
      }
    }
    assertThat(valid).as("the sample holds valid numbers too").isGreaterThan(checked / 10);
  }
}
