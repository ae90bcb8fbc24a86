package dev.palisade.detectors.pii;

import static dev.palisade.detectors.pii.Rule.fixed;
import static dev.palisade.detectors.pii.Rule.valid;
import static dev.palisade.detectors.pii.Rule.validOr;

import dev.palisade.detect.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The catalogue of structured rules: one or more expressions per entity type with their
 * validators, base scores and context words.
 *
 * <p>Scores follow one scale: 0.9-1.0 for a checksum that makes a false match unlikely, 0.5-0.6
 * for a format that is specific (or a checksum over a short number), 0.3 and below for formats
 * that many ordinary numbers share; these stay under the default threshold unless a context word
 * ("passport", "SSN") raises them.
 */
final class Rules {

  /** Not preceded by an ASCII letter or digit. */
  static final String L = "(?<![A-Za-z0-9])";
  /** Not followed by an ASCII letter or digit. */
  static final String R = "(?![A-Za-z0-9])";

  private static final Set<String> MONTHS = Set.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL",
      "AUG", "SEP", "OCT", "NOV", "DEC");

  static final String MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
      + "|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

  private Rules() {}

  static EntityType t(String name) {
    return EntityType.of(name);
  }

  static List<Rule> all() {
    List<Rule> r = new ArrayList<>();
    List<String> cc = List.of("credit", "card", "visa", "mastercard", "amex", "debit", "cc", "payment");
    add(r, EntityType.CREDIT_CARD, "credit-card", L + "(\\d{4}([- ]?)\\d{4}\\2\\d{4}\\2\\d{1,7})" + R, 12,
        valid(Checks::creditCard, 0.9), cc);
    add(r, EntityType.CREDIT_CARD, "credit-card", L + "(\\d{4}([- ]?)\\d{6}\\2\\d{4,5})" + R, 14,
        valid(Checks::creditCard, 0.9), cc);

    List<String> ssn = List.of("ssn", "social security", "social", "ssns", "ss#", "ssid");
    add(r, EntityType.US_SSN, "us-ssn", L + "(\\d{3}([- .])\\d{2}\\2\\d{4})" + R, 9, valid(Checks::usSsn, 0.5), ssn);
    add(r, EntityType.US_SSN, "us-ssn", L + "(\\d{9})" + R, 9, valid(Checks::usSsn, 0.3), ssn);
    add(r, EntityType.US_SSN, "us-ssn", L + "(\\d{3}-\\d{6}|\\d{5}-\\d{4})" + R, 9, valid(Checks::usSsn, 0.1), ssn);

    List<String> itin = List.of("itin", "taxpayer", "tax id", "tax identification");
    add(r, EntityType.US_ITIN, "us-itin", L + "(9\\d{2}([- ]?)\\d{2}\\2\\d{4})" + R, 9,
        m -> Checks.usItin(m) ? (m.length() > 9 ? 0.5 : 0.3) : -1, itin);
    add(r, EntityType.US_ITIN, "us-itin", L + "(9\\d{2}-\\d{6}|9\\d{4}-\\d{4})" + R, 9,
        valid(Checks::usItin, 0.1), itin);

    List<String> passport = List.of("passport", "travel document", "passport#", "passport no", "pasaporte",
        "reisepass", "passeport", "passaporto", "여권");
    add(r, EntityType.US_PASSPORT, "us-passport", L + "(\\d{9})" + R, 9, fixed(0.05), passport);
    add(r, EntityType.US_PASSPORT, "us-passport", L + "([A-Za-z]\\d{8})" + R, 8, fixed(0.1), passport);

    List<String> dl = List.of("driver", "driver's", "drivers", "license", "licence", "dl", "driving", "lic");
    add(r, EntityType.US_DRIVER_LICENSE, "us-driver-license", L
        + "([A-Za-z]{1,2}\\d{5,14}|[A-Za-z]\\d{2,3}-\\d{3,4}-\\d{3,4}|\\d{2}[A-Za-z]{3}\\d{5}"
        + "|[A-Za-z]{2}\\d{6}[A-Za-z]|\\d{8,9}[A-Za-z]{2}|\\d{7}[A-Za-z])" + R, 5, fixed(0.3), dl);
    add(r, EntityType.US_DRIVER_LICENSE, "us-driver-license", L + "(\\d{6,14})" + R, 6, fixed(0.01), dl);

    add(r, EntityType.US_BANK_NUMBER, "us-bank-number", L + "(\\d{8,17})" + R, 8, fixed(0.05),
        List.of("bank", "account", "acct", "checking", "savings", "debit"));
    add(r, t("ABA_ROUTING_NUMBER"), "aba-routing", L + "(\\d{9}|\\d{4}-\\d{4}-\\d)" + R, 9,
        valid(Checks::abaRouting, 0.5), List.of("aba", "routing", "rtn", "abarouting", "bank"));

    add(r, EntityType.MAC_ADDRESS, "mac-address",
        "(?<![0-9A-Za-z:.-])([0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\2[0-9A-Fa-f]{2}){4})(?![0-9A-Za-z:-])", 0,
        valid(Rules::macOk, 0.6), List.of("mac", "hardware address", "ethernet", "physical address", "wifi"));
    add(r, EntityType.MAC_ADDRESS, "mac-address",
        "(?<![0-9A-Za-z:.-])([0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})(?![0-9A-Za-z.-])", 0,
        valid(Rules::macOk, 0.6), List.of("mac", "hardware address", "physical address"));

    List<String> wallet = List.of("wallet", "btc", "bitcoin", "eth", "ethereum", "crypto", "address");
    add(r, EntityType.CRYPTO, "crypto", L + "([13][1-9A-HJ-NP-Za-km-z]{25,34})" + R, 1,
        valid(Checks::base58check, 1.0), wallet);
    add(r, EntityType.CRYPTO, "crypto", L + "((?:bc|tb|BC|TB)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87})" + R, 1,
        valid(Checks::bech32, 1.0), wallet);
    add(r, EntityType.CRYPTO, "crypto", L + "(0x[0-9a-fA-F]{40})" + R, 1, fixed(0.8), wallet);

    dates(r);

    add(r, t("UK_NHS"), "uk-nhs", L + "(\\d{3}([- ]?)\\d{3}\\2\\d{4})" + R, 10, valid(Checks::ukNhs, 0.5),
        List.of("nhs", "health service", "national health"));
    add(r, t("UK_NINO"), "uk-nino", L
        + "((?i:(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]))" + R, 6,
        fixed(0.5), List.of("nino", "national insurance", "ni number"));
    add(r, t("UK_PASSPORT"), "uk-passport", L + "([A-Za-z]{2}\\d{7})" + R, 7, fixed(0.1), passport);
    add(r, t("UK_POSTCODE"), "uk-postcode", L
        + "(GIR ?0AA|(?:[A-PR-UWYZ](?:\\d[A-HJKPSTUW]?|[A-HK-Y]\\d[ABEHMNPRVWXY]?|\\d\\d?|[A-HK-Y]\\d\\d?)) ?\\d[ABD-HJLNP-UW-Z]{2})"
        + R, 1, fixed(0.1), List.of("postcode", "post code", "address"));
    add(r, t("UK_DRIVING_LICENCE"), "uk-driving-licence", L
        + "((?i:[A-Z9]{5}\\d[0156]\\d(?:0[1-9]|[12]\\d|3[01])\\d[A-Z9]{2}\\d[A-Z]{2}))" + R, 6, fixed(0.5), dl);
    add(r, t("UK_VEHICLE_REGISTRATION"), "uk-vehicle-registration", L
        + "((?i:[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|1\\d|2[0-6]|5[1-9]|6\\d|7[0-6])[ -]?[A-HJ-PR-Z]{3}))" + R, 2,
        fixed(0.6), List.of("registration", "reg", "number plate", "vehicle", "car"));
    add(r, t("UK_VEHICLE_REGISTRATION"), "uk-vehicle-registration", L + "([A-HJ-NP-Y]\\d{1,3} ?[A-HJ-PR-Y]{3})" + R, 1,
        fixed(0.2), List.of("registration", "reg", "number plate", "vehicle"));
    add(r, t("UK_VEHICLE_REGISTRATION"), "uk-vehicle-registration", L + "([A-HJ-PR-Y]{3} ?\\d{1,3}[A-HJ-NP-TV-Y])" + R, 1,
        fixed(0.15), List.of("registration", "reg", "number plate", "vehicle"));

    List<String> es = List.of("nif", "dni", "documento", "identidad", "nie", "extranjero");
    add(r, t("ES_NIF"), "es-nif", L + "(\\d{7,8}-?[A-Za-z])" + R, 7, valid(Checks::esNif, 0.6), es);
    add(r, t("ES_NIE"), "es-nie", L + "([XYZxyz]-?\\d{7}-?[A-Za-z])" + R, 7, valid(Checks::esNie, 0.6), es);
    add(r, t("ES_PASSPORT"), "es-passport", L + "([A-Za-z]{3}\\d{6})" + R, 6, fixed(0.05), passport);

    add(r, t("IT_FISCAL_CODE"), "it-fiscal-code", L
        + "((?i:[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]))" + R, 1,
        validOr(Rules::itFiscalCheck, 1.0, 0.5), List.of("codice fiscale", "fiscal", "cf"));
    add(r, t("IT_DRIVER_LICENSE"), "it-driver-license", L
        + "((?i:[A-Z]{2}\\d{7}[A-Z]|U1[B-HJ-NPR-Z0-9]{7}[A-Z]))" + R, 1, fixed(0.3),
        List.of("patente", "license", "licence", "guida"));
    add(r, t("IT_PASSPORT"), "it-passport", L + "([A-Za-z]{2}\\d{7})" + R, 7, fixed(0.02), passport);
    add(r, t("IT_IDENTITY_CARD"), "it-identity-card", L
        + "((?i:[A-Z]{2}\\s?\\d{7}|\\d{7}[A-Z]{2}|[A-Z]{2}\\d{5}[A-Z]{2}))" + R, 5, fixed(0.02),
        List.of("carta d'identità", "carta di identità", "identity card", "cie"));
    add(r, t("IT_VAT_CODE"), "it-vat-code", L + "((?:\\d[ _]?){10}\\d)" + R, 11, valid(Checks::itVat, 0.5),
        List.of("partita iva", "p.iva", "vat", "iva"));

    add(r, t("IN_PAN"), "in-pan", L + "([A-Z]{3}[ABCFGHJLPT][A-Z]\\d{4}[A-Z])" + R, 4, fixed(0.5),
        List.of("pan", "permanent account"));
    add(r, t("IN_PAN"), "in-pan", L + "([A-Za-z]{5}\\d{4}[A-Za-z])" + R, 4, fixed(0.1), List.of("pan", "permanent account"));
    add(r, t("IN_AADHAAR"), "in-aadhaar", L + "(\\d{4}([- :]?)\\d{4}\\2\\d{4})" + R, 12,
        valid(Checks::inAadhaar, 0.6), List.of("aadhaar", "aadhar", "uidai", "uid"));
    add(r, t("IN_GSTIN"), "in-gstin", L + "((?:0[1-9]|[12]\\d|3[0-7])[A-Z]{5}\\d{4}[A-Z][1-9A-Z]Z[0-9A-Z])" + R, 6,
        fixed(0.6), List.of("gstin", "gst"));
    add(r, t("IN_PASSPORT"), "in-passport", L + "([A-PR-WYa-pr-wy][1-9]\\d ?\\d{4}[1-9])" + R, 7, fixed(0.1), passport);
    add(r, t("IN_VEHICLE_REGISTRATION"), "in-vehicle-registration", L
        + "((?:AN|AP|AR|AS|BR|CG|CH|DD|DL|DN|GA|GJ|HP|HR|JH|JK|KA|KL|LA|LD|MH|ML|MN|MP|MZ|NL|OD|OR|PB|PY|RJ|SK|TN|TR|TS|UK|UP|WB)"
        + "\\d{1,2}[A-Z]{1,3}\\d{4})" + R, 5, fixed(0.5), List.of("registration", "vehicle", "bike", "car"));
    add(r, t("IN_VOTER"), "in-voter", L + "([A-Za-z]{3}\\d{7})" + R, 7, fixed(0.5), List.of("voter", "epic", "election"));

    List<String> au = List.of("abn", "acn", "tfn", "medicare", "business number", "company number", "tax file");
    add(r, t("AU_ABN"), "au-abn", L + "(\\d{2} ?\\d{3} ?\\d{3} ?\\d{3})" + R, 11, valid(Checks::auAbn, 0.6), au);
    add(r, t("AU_ACN"), "au-acn", L + "(\\d{3} ?\\d{3} ?\\d{3})" + R, 9, valid(Checks::auAcn, 0.5), au);
    add(r, t("AU_TFN"), "au-tfn", L + "(\\d{3} ?\\d{3} ?\\d{3})" + R, 9, valid(Checks::auTfn, 0.5), au);
    add(r, t("AU_MEDICARE"), "au-medicare", L + "([2-6]\\d{3} ?\\d{5} ?\\d)" + R, 10, valid(Checks::auMedicare, 0.5), au);

    List<String> sin = List.of("sin", "social insurance", "nas", "assurance sociale");
    add(r, t("CA_SIN"), "ca-sin", L + "(\\d{3}([- ])\\d{3}\\2\\d{3})" + R, 9, valid(Checks::caSin, 0.5), sin);
    add(r, t("CA_SIN"), "ca-sin", L + "(\\d{9})" + R, 9, valid(Checks::caSin, 0.2), sin);

    List<String> de = List.of("kvnr", "krankenkasse", "versichertennummer", "egk", "lanr", "arztnummer",
        "rvnr", "rentenversicherung", "sozialversicherung", "steuer-id", "steuerid", "idnr",
        "identifikationsnummer", "plz", "postleitzahl");
    add(r, t("DE_HEALTH_INSURANCE"), "de-health-insurance", L + "([A-Za-z]\\d{9})" + R, 9, valid(Checks::deKvnr, 0.6), de);
    add(r, t("DE_PASSPORT"), "de-passport", L
        + "((?i:[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}))" + R, 1, valid(Checks::icao, 0.5),
        List.of("reisepass", "pass", "passport", "pass-nr"));
    add(r, t("DE_LANR"), "de-lanr", L + "(\\d{9})" + R, 9, valid(Checks::deLanr, 0.5), de);
    add(r, t("DE_SOCIAL_SECURITY"), "de-social-security", L + "(\\d{8}[A-Za-z]\\d{3})" + R, 11,
        valid(Checks::deRvnr, 0.6), de);
    add(r, t("DE_TAX_ID"), "de-tax-id", L + "(\\d{11})" + R, 11, valid(Checks::deTaxId, 0.5), de);
    add(r, EntityType.LOCATION, "postal-code", L + "(\\d{5}(?:-\\d{4})?)" + R, 5, fixed(0.05),
        List.of("zip", "zipcode", "postal", "postcode", "post code"));
    add(r, t("DE_PLZ"), "de-plz", L + "(\\d{5})" + R, 5, valid(Rules::plzOk, 0.05), List.of("plz", "postleitzahl"));

    add(r, t("FI_PERSONAL_IDENTITY_CODE"), "fi-hetu", "(?<!\\d)(\\d{6}[-+A-FU-Ya-fu-y]\\d{3}[0-9A-Ya-y])" + R, 9,
        valid(Checks::fiHetu, 0.6), List.of("hetu", "henkilötunnus", "personal identity code"));
    add(r, t("SE_PERSONNUMMER"), "se-personnummer", "(?<!\\d)((?:18|19|20)?\\d{6}[-+]?\\d{4})(?!\\d)", 10,
        valid(Checks::sePersonnummer, 0.5), List.of("personnummer", "pnr"));
    add(r, t("SE_ORGANISATIONSNUMMER"), "se-organisationsnummer", L + "(\\d{6}-?\\d{4})" + R, 10,
        valid(Checks::seOrgnr, 0.5), List.of("organisationsnummer", "orgnummer", "orgnr"));
    add(r, t("PL_PESEL"), "pl-pesel", L + "(\\d{11})" + R, 11, valid(Checks::plPesel, 0.5), List.of("pesel"));

    add(r, t("KR_RRN"), "kr-rrn", L + "(\\d{6}-?\\d{7})" + R, 13,
        m -> Checks.krRegistration(m, false) ? (Checks.krRegistrationChecksum(m) ? 1.0 : 0.5) : -1,
        List.of("rrn", "주민등록번호", "resident registration"));
    add(r, t("KR_FRN"), "kr-frn", L + "(\\d{6}-?\\d{7})" + R, 13,
        m -> Checks.krRegistration(m, true) ? (Checks.krRegistrationChecksum(m) ? 1.0 : 0.5) : -1,
        List.of("frn", "외국인등록번호", "foreigner registration"));
    add(r, t("KR_BRN"), "kr-brn", L + "(\\d{3}-?\\d{2}-?\\d{5})" + R, 10, valid(Checks::krBrn, 0.6),
        List.of("brn", "사업자등록번호", "business registration"));
    add(r, t("KR_DRIVER_LICENSE"), "kr-driver-license", L + "(\\d{2}([- ]?)\\d{2}\\2\\d{6}\\2\\d{2})" + R, 12,
        valid(Checks::krDriverLicense, 0.5), dl);
    add(r, t("KR_PASSPORT"), "kr-passport", "(?<![A-Za-z0-9])((?i:[MSRODG]\\d{3}[A-Z]\\d{4}))" + R, 7, fixed(0.1), passport);
    add(r, t("KR_PASSPORT"), "kr-passport", "(?<![A-Za-z0-9])((?i:[MSRODG]\\d{8}))" + R, 8, fixed(0.05), passport);

    add(r, t("NG_VEHICLE_REGISTRATION"), "ng-vehicle-registration", L + "((?i:[A-Z]{3}[- ]?\\d{3}[A-Z]{2}))" + R, 3,
        fixed(0.5), List.of("plate", "registration", "vehicle"));
    add(r, t("PH_MOBILE_NUMBER"), "ph-mobile", L + "((?:\\+63[- ]?|0[- ]?)\\(?9\\d{2}\\)?[- ]?\\d{3}[- ]?\\d{4})" + R, 10,
        fixed(0.5), List.of("mobile", "cellphone", "telepono", "number", "phone"));
    add(r, t("SG_NRIC_FIN"), "sg-nric-fin", L + "((?i:[STFGM]\\d{7}[A-Z]))" + R, 7,
        validOr(Checks::sgNricChecksum, 1.0, 0.5), List.of("nric", "fin", "ic number"));
    add(r, t("SG_NRIC_FIN"), "sg-nric-fin", L + "((?i:[A-EH-LN-RU-Z]\\d{7}[A-Z]))" + R, 7, fixed(0.1), List.of("nric", "fin"));
    add(r, t("SG_UEN"), "sg-uen", L + "(\\d{8}[A-Z]|(?:19|20)\\d{7}[A-Z]|[RST]\\d{2}[A-Z]{2}\\d{4}[A-Z])" + R, 6,
        fixed(0.5), List.of("uen", "unique entity number"));
    add(r, t("TH_TNIN"), "th-tnin", L + "(\\d{13})" + R, 13, valid(Checks::thTnin, 0.6),
        List.of("thai id", "tnin", "เลขประจำตัวประชาชน", "บัตรประชาชน"));
    add(r, t("TR_NATIONAL_ID"), "tr-national-id", L + "(\\d{11})" + R, 11, valid(Checks::trKimlik, 0.6),
        List.of("tc kimlik", "kimlik", "tckn", "turkish id"));
    add(r, t("TR_PHONE_NUMBER"), "tr-phone", L
        + "((?:\\+90[- ]?|0[- ]?)?\\(?[2-5]\\d{2}\\)?[- .]?\\d{3}[- .]?\\d{2}[- .]?\\d{2})" + R, 10,
        Rules::trPhoneScore, List.of("telefon", "cep", "phone", "numaram"));
    add(r, t("TR_LICENSE_PLATE"), "tr-license-plate", L
        + "((?:0[1-9]|[1-7]\\d|8[01]) ?[A-Za-z]{1,3} ?\\d{2,5})" + R, 4, Rules::trPlateScore,
        List.of("plaka", "plate", "license plate"));
    add(r, t("US_MBI"), "us-mbi", L
        + "((?i:[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\\d-?[AC-HJKMNP-RT-Y]{2}\\d{2}))"
        + R, 4, m -> m.indexOf('-') > 0 ? 0.5 : 0.3, List.of("mbi", "medicare"));
    add(r, t("US_NPI"), "us-npi", L + "(\\d{4}([- ]?)\\d{3}\\2\\d{3})" + R, 10,
        valid(s -> !Checks.allSame(Checks.digits(s)) && Checks.usNpi(s), 0.5), List.of("npi", "provider"));
    add(r, t("ZA_ID_NUMBER"), "za-id", L + "(\\d{13})" + R, 13, valid(Checks::zaId, 0.5),
        List.of("south african id", "rsa id", "id number"));
    return List.copyOf(r);
  }

  private static void dates(List<Rule> r) {
    List<String> ctx = List.of("born", "birth", "dob", "date", "birthday", "on");
    EntityType d = EntityType.DATE_TIME;
    String time = "(?:[T ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)?)?";
    add(r, d, "date", L + "(\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])" + time + ")" + R, 8, fixed(0.85), ctx);
    add(r, d, "date", L + "(\\d{4}/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01]))" + R, 6, fixed(0.7), ctx);
    add(r, d, "date", L + "(\\d{1,2}([-/.])\\d{1,2}\\2(?:\\d{4}|\\d{2})"
        + "(?:,? (?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?: ?[AaPp][Mm])?)?)" + R, 4, valid(Rules::dmyOk, 0.7), ctx);
    add(r, d, "date", L + "(\\d{1,2}-(?i:" + MONTH + ")(?:-\\d{2,4})?|(?i:" + MONTH + ")-\\d{2,4})" + R, 1, fixed(0.7), ctx);
    add(r, d, "date", L + "((?i:" + MONTH + ")\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?)" + R, 1, fixed(0.7), ctx);
    add(r, d, "date", L + "(\\d{1,2}(?:st|nd|rd|th)?(?: of)? (?i:" + MONTH + ")\\.?(?:,? \\d{4})?)" + R, 1, fixed(0.7), ctx);
    add(r, d, "date", L + "((?i:" + MONTH + ")\\.?,? \\d{4})" + R, 4, fixed(0.6), ctx);
    add(r, d, "date", L + "((?:0?[1-9]|1[0-2])/\\d{2})" + R, 3, fixed(0.1), ctx);
    add(r, d, "date", L + "((?:0?[1-9]|1[0-2])/\\d{4})" + R, 5, fixed(0.2), ctx);
  }

  private static void add(List<Rule> r, EntityType type, String id, String regex, int minDigits,
      Rule.Scorer scorer, List<String> context) {
    r.add(new Rule(type, id, Pattern.compile(regex), minDigits, scorer, context));
  }

  static boolean macOk(String s) {
    String c = Checks.compact(s);
    return !c.equals("000000000000") && !c.equals("FFFFFFFFFFFF");
  }

  static boolean plzOk(String s) {
    int v = Integer.parseInt(s);
    return v >= 1001 && v <= 99998;
  }

  static boolean dmyOk(String s) {
    String[] parts = s.split("[-/. ,:]");
    int a = Integer.parseInt(parts[0]);
    int b = Integer.parseInt(parts[1]);
    return Checks.date(2000, a, b) || Checks.date(2000, b, a);
  }

  private static final String CF_ODD = "BAKPLCQDREVOSFTGUHMINJWZYX";

  static boolean itFiscalCheck(String s) {
    String c = s.toUpperCase(Locale.ROOT);
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      char ch = c.charAt(i);
      int v = Character.isDigit(ch) ? ch - '0' : ch - 'A';
      sum += i % 2 == 0 ? CF_ODD.charAt(v) - 'A' : v;
    }
    return (char) ('A' + sum % 26) == c.charAt(15);
  }

  static double trPhoneScore(String m) {
    String d = Checks.digits(m);
    String national = d.startsWith("90") && m.startsWith("+") ? d.substring(2) : d.startsWith("0") ? d.substring(1) : d;
    if (national.length() != 10) {
      return -1;
    }
    char first = national.charAt(0);
    boolean mobile = first == '5';
    if (m.startsWith("+")) {
      return 0.6;
    }
    if (d.startsWith("0")) {
      return mobile ? 0.5 : 0.3;
    }
    return mobile ? 0.3 : 0.1;
  }

  static double trPlateScore(String m) {
    String letters = m.replaceAll("[^A-Za-z]", "").toUpperCase(Locale.ROOT);
    if (MONTHS.contains(letters) || letters.matches(".*[QWX].*")) {
      return -1;
    }
    return 0.5;
  }
}
