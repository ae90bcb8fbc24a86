package dev.palisade.detectors.pii;

import dev.palisade.detect.EntityType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hand-written linear scanners for the structured types whose shape a regular expression
 * describes badly: e-mail addresses, URLs, IP addresses and IBANs.
 *
 * <p>Each scanner starts only at a cheap trigger ('@', "://", a dot before a known top-level
 * domain, a colon or a digit) and looks at most a bounded distance around it, so the total work
 * is linear in the text.
 */
final class Scanners {

  private Scanners() {}

  private static final List<String> EMAIL_CTX = List.of("email", "e-mail", "mail", "contact");
  private static final List<String> URL_CTX = List.of("url", "website", "link", "site", "domain", "visit");
  private static final List<String> IP_CTX = List.of("ip", "ipv4", "ipv6", "address", "server", "host");
  private static final List<String> IBAN_CTX = List.of("iban", "bank", "account", "transfer");

  /** Generic and country-code top-level domains accepted for bare domains ("example.com"). */
  static final Set<String> TLDS = tlds();

  private static Set<String> tlds() {
    Set<String> s = new TreeSet<>(List.of("com", "net", "org", "edu", "gov", "mil", "int", "info", "biz",
        "io", "ai", "app", "dev", "site", "online", "store", "tech", "xyz", "name", "pro", "mobi", "shop",
        "blog", "cloud", "page", "web", "email", "company", "club", "live", "news", "agency", "digital",
        "global", "network", "world", "today", "space", "website", "solutions", "services", "media"));
    for (String cc : Locale.getISOCountries()) {
      s.add(cc.toLowerCase(Locale.ROOT));
    }
    s.add("uk");
    s.add("eu");
    return Set.copyOf(s);
  }

  static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isLocalChar(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
  }

  private static boolean isHostChar(char c) {
    return isAlnum(c) || c == '.' || c == '-';
  }

  // ---------------------------------------------------------------- e-mail

  static void emails(String text, Sink sink) {
    if (!sink.wants(EntityType.EMAIL_ADDRESS)) {
      return;
    }
    int n = text.length();
    int from = 0;
    int lastEnd = 0;
    while (true) {
      int at = text.indexOf('@', from);
      if (at < 0) {
        return;
      }
      from = at + 1;
      int s = at;
      while (s > lastEnd && at - s < 64 && isLocalChar(text.charAt(s - 1))) {
        s--;
      }
      while (s < at && (text.charAt(s) == '.' || text.charAt(s) == '\'')) {
        s++;
      }
      int e = at + 1;
      while (e < n && e - at < 254 && isHostChar(text.charAt(e))) {
        e++;
      }
      while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
        e--;
      }
      if (s == at || e == at + 1 || text.charAt(at - 1) == '.') {
        continue;
      }
      if (validHost(text, at + 1, e, true)) {
        sink.add(EntityType.EMAIL_ADDRESS, s, e, 0.95, "email", EMAIL_CTX);
        lastEnd = e;
        from = e;
      }
    }
  }

  /** A dotted host name whose last label is alphabetic (or punycode) and, if asked, a known TLD. */
  static boolean validHost(String text, int s, int e, boolean anyTld) {
    int lastDot = lastIndexOf(text, '.', s, e);
    if (lastDot < s + 1 || lastDot >= e - 1) {
      return false;
    }
    for (int i = s; i < e; i++) {
      char c = text.charAt(i);
      if (c == '.' && (i == s || text.charAt(i - 1) == '.')) {
        return false;
      }
    }
    String tld = text.substring(lastDot + 1, e);
    if (tld.startsWith("xn--")) {
      return tld.length() > 4;
    }
    if (tld.length() < 2 || tld.length() > 24) {
      return false;
    }
    for (int i = 0; i < tld.length(); i++) {
      if (!Character.isLetter(tld.charAt(i))) {
        return false;
      }
    }
    return anyTld || TLDS.contains(tld.toLowerCase(Locale.ROOT));
  }

  // ---------------------------------------------------------------- URL

  static void urls(String text, Sink sink) {
    if (!sink.wants(EntityType.URL)) {
      return;
    }
    int n = text.length();
    int covered = 0;
    int i = 0;
    int scheme = -2;
    while (i < n) {
      int dot = text.indexOf('.', i);
      if (scheme != -1 && scheme < i) {
        // remembered, so a text without "://" is searched once rather than once per dot
        scheme = text.indexOf("://", i);
      }
      if (dot < 0 && scheme < 0) {
        return;
      }
      if (scheme >= 0 && (dot < 0 || scheme <= dot + 10)) {
        // scheme form: letters before "://"
        int s = scheme;
        while (s > 0 && scheme - s < 12 && Character.isLetter(text.charAt(s - 1)) && text.charAt(s - 1) < 128) {
          s--;
        }
        int hs = scheme + 3;
        int he = hs;
        while (he < n && he - hs < 253 && (isHostChar(text.charAt(he)) || text.charAt(he) == '@' || text.charAt(he) == ':')) {
          he++;
        }
        if (s < scheme && s >= covered && he > hs) {
          int hostEnd = he;
          int at = lastIndexOf(text, '@', hs, he);
          int hostStart = at >= hs ? at + 1 : hs;
          int colon = text.indexOf(':', hostStart);
          if (colon >= 0 && colon < he) {
            hostEnd = colon;
          }
          if (validHost(text, hostStart, hostEnd, true)) {
            int e = pathEnd(text, he);
            sink.add(EntityType.URL, s, e, 0.6, "url", URL_CTX);
            covered = e;
            i = e;
            continue;
          }
        }
        i = scheme + 3;
        continue;
      }
      // bare host: find the host around this dot
      int s = dot;
      while (s > 0 && dot - s < 253 && isHostChar(text.charAt(s - 1))) {
        s--;
      }
      int e = dot + 1;
      while (e < n && e - dot < 253 && isHostChar(text.charAt(e))) {
        e++;
      }
      i = Math.max(e, dot + 1);
      while (e > dot && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
        e--;
      }
      while (s < dot && (text.charAt(s) == '.' || text.charAt(s) == '-')) {
        s++;
      }
      if (s < covered || s == dot || e <= dot + 1) {
        continue;
      }
      char before = s > 0 ? text.charAt(s - 1) : ' ';
      if (before == '@' || before == '/' || before == ':' || isLocalChar(before)) {
        continue;
      }
      if (e < n && text.charAt(e) == '@') {
        continue;
      }
      boolean www = text.regionMatches(true, s, "www.", 0, 4);
      if (validHost(text, s, e, false) && (www || !allDigitsOrHexLabel(text, s, e))) {
        int end = e < n && text.charAt(e) == '/' ? pathEnd(text, e) : e;
        sink.add(EntityType.URL, s, end, www ? 0.6 : 0.5, "url", URL_CTX);
        covered = end;
        i = end;
      }
    }
  }

  /** Last index of {@code c} in [from, to), or -1; bounded, unlike String.lastIndexOf. */
  static int lastIndexOf(String text, char c, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean allDigitsOrHexLabel(String text, int s, int e) {
    // "3.5" or "v1.2" are numbers, not hosts: require a letter in the first label
    int dot = text.indexOf('.', s);
    for (int i = s; i < dot; i++) {
      if (Character.isLetter(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int pathEnd(String text, int from) {
    int n = text.length();
    int e = from;
    while (e < n && e - from < 2048) {
      char c = text.charAt(e);
      if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == '\'' || c > 126) {
        break;
      }
      e++;
    }
    while (e > from) {
      char c = text.charAt(e - 1);
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']') {
        e--;
      } else {
        break;
      }
    }
    return e;
  }

  // ---------------------------------------------------------------- IP addresses

  private static boolean isV6Char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
  }

  static void ips(String text, Windows w, Sink sink) {
    if (!sink.wants(EntityType.IP_ADDRESS)) {
      return;
    }
    int n = text.length();
    // IPv6: every run of hex digits, colons and dots that holds a colon
    int from = 0;
    while (true) {
      int colon = text.indexOf(':', from);
      if (colon < 0) {
        break;
      }
      int s = colon;
      while (s > 0 && colon - s < 64 && isV6Char(text.charAt(s - 1))) {
        s--;
      }
      int e = colon + 1;
      while (e < n && e - colon < 64 && isV6Char(text.charAt(e))) {
        e++;
      }
      from = e;
      if (s > 0 && (isAlnum(text.charAt(s - 1)) || text.charAt(s - 1) == ':' || text.charAt(s - 1) == '.')) {
        continue;
      }
      while (e > s && text.charAt(e - 1) == '.') {
        e--;
      }
      if (e < n && isAlnum(text.charAt(e)) || e < n && text.charAt(e) == '.' && e + 1 < n && isAlnum(text.charAt(e + 1))) {
        continue;
      }
      if (!ipv6(text.substring(s, e))) {
        continue;
      }
      int end = e;
      if (end < n && text.charAt(end) == '%') {
        int z = end + 1;
        while (z < n && z - end < 16 && isAlnum(text.charAt(z))) {
          z++;
        }
        if (z > end + 1) {
          end = z;
        }
      } else if (end < n && text.charAt(end) == '/') {
        int z = end + 1;
        while (z < n && z - end < 5 && Character.isDigit(text.charAt(z))) {
          z++;
        }
        if (z > end + 1 && z - end <= 4 && Integer.parseInt(text.substring(end + 1, z)) <= 128
            && !(z < n && isAlnum(text.charAt(z)))) {
          end = z;
        }
      }
      sink.add(EntityType.IP_ADDRESS, s, end, 0.8, "ip-address", IP_CTX);
    }
    // IPv4: inside digit windows only
    for (int k = 0; k < w.size; k++) {
      if (w.digitCounts[k] < 4) {
        continue;
      }
      int ws = w.starts[k];
      int we = Math.min(n, w.ends[k]);
      for (int i = ws; i < we; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          continue;
        }
        if (i > 0) {
          char p = text.charAt(i - 1);
          if (isAlnum(p) || p == '.') {
            continue;
          }
        }
        int end = ipv4End(text, i);
        if (end < 0) {
          continue;
        }
        int fin = end;
        if (fin < n && text.charAt(fin) == '/') {
          int z = fin + 1;
          while (z < n && z - fin < 4 && Character.isDigit(text.charAt(z))) {
            z++;
          }
          if (z > fin + 1 && z - fin <= 3 && Integer.parseInt(text.substring(fin + 1, z)) <= 32
              && !(z < n && isAlnum(text.charAt(z)))) {
            fin = z;
          }
        }
        sink.add(EntityType.IP_ADDRESS, i, fin, 0.8, "ip-address", IP_CTX);
        i = end;
      }
    }
  }

  /** End of a dotted quad starting at {@code i}, or -1. */
  private static int ipv4End(String text, int i) {
    int n = text.length();
    int p = i;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (p >= n || text.charAt(p) != '.') {
          return -1;
        }
        p++;
      }
      int s = p;
      int v = 0;
      while (p < n && p - s < 4 && Character.isDigit(text.charAt(p)) && text.charAt(p) < 128) {
        v = v * 10 + text.charAt(p) - '0';
        p++;
      }
      if (p == s || p - s > 3 || v > 255) {
        return -1;
      }
    }
    if (p < n && isAlnum(text.charAt(p))) {
      return -1;
    }
    return p;
  }

  static boolean ipv6(String s) {
    if (s.length() < 2 || s.length() > 45) {
      return false;
    }
    int dbl = s.indexOf("::");
    if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    if (s.contains(":::")) {
      return false;
    }
    String head = dbl >= 0 ? s.substring(0, dbl) : s;
    String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
    int groups = 0;
    String[] parts = (head + (dbl >= 0 && !tail.isEmpty() ? ":" + tail : "")).split(":", -1);
    if (head.isEmpty() && tail.isEmpty()) {
      return dbl == 0 && s.length() == 2;
    }
    if (head.isEmpty()) {
      parts = tail.split(":", -1);
    } else if (dbl >= 0 && tail.isEmpty()) {
      parts = head.split(":", -1);
    }
    for (int i = 0; i < parts.length; i++) {
      String g = parts[i];
      if (g.indexOf('.') >= 0) {
        if (i != parts.length - 1 || ipv4End(g, 0) != g.length()) {
          return false;
        }
        groups += 2;
        continue;
      }
      if (g.isEmpty() || g.length() > 4) {
        return false;
      }
      for (int k = 0; k < g.length(); k++) {
        if (Character.digit(g.charAt(k), 16) < 0) {
          return false;
        }
      }
      groups++;
    }
    return dbl >= 0 ? groups <= 7 : groups == 8;
  }

  // ---------------------------------------------------------------- IBAN

  static void ibans(String text, Windows w, Sink sink) {
    if (!sink.wants(EntityType.IBAN_CODE)) {
      return;
    }
    int n = text.length();
    for (int k = 0; k < w.size; k++) {
      if (w.digitCounts[k] < 2) {
        continue;
      }
      int we = Math.min(n, w.ends[k]);
      for (int i = w.starts[k]; i + 4 <= we; i++) {
        if (!(isLetter(text.charAt(i)) && isLetter(text.charAt(i + 1)) && isDigit(text.charAt(i + 2))
            && isDigit(text.charAt(i + 3)))) {
          continue;
        }
        if (i > 0 && isAlnum(text.charAt(i - 1))) {
          continue;
        }
        String country = text.substring(i, i + 2).toUpperCase(Locale.ROOT);
        Integer len = Checks.IBAN_LENGTHS.get(country);
        if (len == null) {
          continue;
        }
        StringBuilder sb = new StringBuilder(34);
        int p = i;
        int end = -1;
        char sep = 0;
        boolean upper = false;
        boolean lower = false;
        while (p < n && sb.length() < len) {
          char c = text.charAt(p);
          if (isAlnum(c)) {
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            sb.append(Character.toUpperCase(c));
            p++;
          } else if ((c == ' ' || c == '-') && (sep == 0 || sep == c) && p + 1 < n
              && isAlnum(text.charAt(p + 1)) && sb.length() % 4 == 0) {
            sep = c;
            p++;
          } else {
            break;
          }
        }
        // one separator throughout and one letter case: "LV80 bANK ..." is not written by banks
        if (sb.length() == len && !(p < n && isAlnum(text.charAt(p))) && !(upper && lower)) {
          end = p;
        }
        if (end > 0 && Checks.ibanMod97(sb.toString())) {
          sink.add(EntityType.IBAN_CODE, i, end, 1.0, "iban", IBAN_CTX);
          i = end - 1;
        }
      }
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
