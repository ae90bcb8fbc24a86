package dev.palisade.detectors.secrets;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rule table of {@link SecretsDetector}: every supported secret format, in one place.
 *
 * <p>Columns: id, vendor, how far before the keyword a match may start, the longest match, the
 * minimum entropy of the secret (0 where the format itself is distinctive), the pattern, and the
 * keywords (lower case) of which one must occur for the pattern to be tried. Every pattern uses
 * bounded repetition only, so each try costs at most {@code maxLength} steps and a scan is linear in
 * the text. Shapes follow the vendors' published token formats (and the open-source scanners
 * gitleaks and detect-secrets, which document them).
 */
final class SecretRules {

  private SecretRules() {}

  // Token boundaries: not preceded / followed by characters that would continue the token.
  private static final String L = "(?<![A-Za-z0-9])";
  private static final String LD = "(?<![A-Za-z0-9_-])";
  private static final String R = "(?![A-Za-z0-9])";
  private static final String RD = "(?![A-Za-z0-9_-])";
  private static final int ANY = SecretRule.ANYWHERE;

  // What may stand between a context keyword and its secret.
  private static final String ONE_LINE = "\\A[^\\n]*+\\z";
  private static final String ONE_LINE_BREAK = "\\A[^\\n]*+(?:\\n[^\\n]*+)?\\z";
  private static final String NAMES_A_KEY = "(?i)\\A[^\\n]*?(?:key|token|secret|auth)[^\\n]*+\\z";

  private static final double VENDOR = 0.95;
  private static final double CONTEXT = 0.8;

  static final List<SecretRule> ALL = List.of(
      // --- Cloud providers -------------------------------------------------------------------
      r("aws-access-key-id", "AWS", 0, 20, 0,
          "(?<![A-Z0-9])(?<s>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Z0-9])",
          "akia", "asia", "abia", "acca"),
      c("aws-secret-access-key", "AWS", 130, 4.2, ONE_LINE_BREAK,
          "(?<![A-Za-z0-9/+])(?<s>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", "aws"),
      r("gcp-api-key", "Google Cloud", 0, 39, 3.0,
          LD + "(?<s>AIza[0-9A-Za-z_-]{35})" + RD, "aiza"),
      r("gcp-service-account-key-id", "Google Cloud", 1, 70, 3.0,
          "\"private_key_id\"\\s{0,3}:\\s{0,3}\"(?<s>[a-f0-9]{40})\"", "private_key_id"),
      r("google-oauth-client-secret", "Google", 0, 35, 3.0,
          "(?<s>GOCSPX-[A-Za-z0-9_-]{28})" + RD, "gocspx-"),
      r("google-oauth-access-token", "Google", 0, 405, 3.5,
          L + "(?<s>ya29\\.[0-9A-Za-z_-]{30,400})" + RD, "ya29."),
      r("google-oauth-refresh-token", "Google", 0, 205, 3.5,
          L + "(?<s>1//0[0-9A-Za-z_-]{40,200})" + RD, "1//0"),
      r("azure-storage-account-key", "Microsoft Azure", 0, 100, 4.0,
          "(?i:AccountKey)=(?<s>[A-Za-z0-9+/]{86}==)", "accountkey="),
      r("azure-shared-access-key", "Microsoft Azure", 0, 70, 4.0,
          "(?i:SharedAccessKey)=(?<s>[A-Za-z0-9+/]{42,43}=)", "sharedaccesskey="),
      r("azure-sas-token", "Microsoft Azure", 320, 430, 3.5,
          L + "sv=\\d{4}-\\d{2}-\\d{2}&[A-Za-z0-9&=%:._,-]{0,300}?sig=(?<s>[A-Za-z0-9%+/]{40,100}={0,2})",
          "sig="),
      r("azure-ad-client-secret", "Microsoft Azure", 4, 40, 3.5,
          "(?<![A-Za-z0-9_~.-])(?<s>[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])",
          "q~"),
      r("alibaba-access-key-id", "Alibaba Cloud", 0, 24, 3.0,
          L + "(?<s>LTAI[A-Za-z0-9]{20})" + R, "ltai"),
      r("digitalocean-token", "DigitalOcean", 0, 71, 3.0,
          L + "(?<s>do[opr]_v1_[a-f0-9]{64})" + R, "dop_v1_", "doo_v1_", "dor_v1_"),
      r("heroku-api-key", "Heroku", 0, 65, 3.5,
          L + "(?<s>HRKU-[A-Za-z0-9_-]{60})" + RD, "hrku-"),
      c("heroku-api-key-legacy", "Heroku", 110, 3.0, NAMES_A_KEY,
          L + "(?<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" + R, "heroku"),
      // --- Source hosting and CI -------------------------------------------------------------
      r("github-pat", "GitHub", 0, 40, 3.0, "(?<s>ghp_[A-Za-z0-9]{36})" + R, "ghp_"),
      r("github-oauth-token", "GitHub", 0, 40, 3.0, "(?<s>gho_[A-Za-z0-9]{36})" + R, "gho_"),
      r("github-app-token", "GitHub", 0, 40, 3.0, "(?<s>gh[us]_[A-Za-z0-9]{36})" + R, "ghu_", "ghs_"),
      r("github-refresh-token", "GitHub", 0, 40, 3.0, "(?<s>ghr_[A-Za-z0-9]{36})" + R, "ghr_"),
      r("github-fine-grained-pat", "GitHub", 0, 93, 3.0,
          "(?<s>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})" + R, "github_pat_"),
      r("gitlab-pat", "GitLab", 0, 90, 3.0,
          "(?<s>glpat-[A-Za-z0-9_.-]{20,80})" + RD, "glpat-"),
      r("gitlab-pipeline-trigger-token", "GitLab", 0, 46, 3.0,
          "(?<s>glptt-[0-9a-f]{40})" + R, "glptt-"),
      r("gitlab-runner-token", "GitLab", 0, 70, 3.0,
          "(?<s>glrt-[A-Za-z0-9_-]{20,64}|GR1348941[A-Za-z0-9_-]{20})" + RD, "glrt-", "gr1348941"),
      r("gitlab-deploy-token", "GitLab", 0, 70, 3.0,
          "(?<s>gldt-[A-Za-z0-9_-]{20,64})" + RD, "gldt-"),
      r("atlassian-api-token", "Atlassian", 0, 200, 4.0,
          L + "(?<s>ATATT3[A-Za-z0-9_=-]{180,190})" + "(?![A-Za-z0-9_=-])", "atatt3"),
      r("postman-api-key", "Postman", 0, 64, 3.0,
          L + "(?<s>PMAK-[a-f0-9]{24}-[a-f0-9]{34})" + R, "pmak-"),
      r("linear-api-key", "Linear", 0, 48, 3.0, L + "(?<s>lin_api_[A-Za-z0-9]{40})" + R, "lin_api_"),
      r("sentry-token", "Sentry", 0, 310, 3.5,
          L + "(?<s>sntrys_eyJ[A-Za-z0-9+/=_-]{60,300}|sntryu_[a-f0-9]{64})(?![A-Za-z0-9+/=_-])",
          "sntrys_", "sntryu_"),
      // --- Messaging ----------------------------------------------------------------------------
      r("slack-token", "Slack", 0, 130, 3.0,
          L + "(?<s>xox[abprse]-(?:\\d{6,14}-){1,3}[A-Za-z0-9]{16,64})(?![A-Za-z0-9-])",
          "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"),
      r("slack-app-token", "Slack", 0, 100, 3.0,
          L + "(?<s>xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-z0-9]{64})" + R, "xapp-"),
      r("slack-webhook", "Slack", 8, 170, 0,
          "(?<s>https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{30,120})",
          "hooks.slack.com"),
      r("discord-webhook", "Discord", 20, 160, 0,
          "(?<s>https?://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{17,20}/[A-Za-z0-9_-]{60,68})"
              + RD,
          "discord.com/api/webhooks", "discordapp.com/api/webhooks"),
      anywhere("discord-bot-token", "Discord", 72, 4.0,
          LD + "(?<s>[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38})" + RD,
          "discord"),
      r("telegram-bot-token", "Telegram", 12, 46, 3.0,
          L + "(?<s>\\d{8,10}:AA[A-Za-z0-9_-]{33})" + RD, ":aa"),
      r("twilio-api-key", "Twilio", 0, 34, 3.0, L + "(?<s>SK[0-9a-f]{32})" + R, "sk"),
      c("twilio-auth-token", "Twilio", 130, 3.0, NAMES_A_KEY,
          L + "(?<s>[0-9a-f]{32})" + R, "twilio"),
      r("sendgrid-api-key", "SendGrid", 0, 69, 3.0,
          L + "(?<s>SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})" + RD, "sg."),
      r("mailgun-api-key", "Mailgun", 0, 36, 3.0, "(?<![A-Za-z0-9-])(?<s>key-[0-9a-f]{32})" + R, "key-"),
      r("mailchimp-api-key", "Mailchimp", 33, 38, 3.0,
          L + "(?<s>[0-9a-f]{32}-us\\d{1,2})" + R, "-us"),
      // --- Payments and commerce ----------------------------------------------------------------
      r("stripe-secret-key", "Stripe", 0, 256, 3.0,
          "(?<s>[sr]k_(?:live|test)_[A-Za-z0-9]{24,247})" + R,
          "sk_live_", "sk_test_", "rk_live_", "rk_test_"),
      r("stripe-webhook-secret", "Stripe", 0, 72, 3.0,
          "(?<s>whsec_[A-Za-z0-9+/]{32,64})(?![A-Za-z0-9+/])", "whsec_"),
      r("shopify-token", "Shopify", 0, 38, 3.0,
          "(?<s>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})" + R, "shpat_", "shpca_", "shppa_", "shpss_"),
      r("square-access-token", "Square", 0, 64, 3.5,
          LD + "(?<s>EAAA[A-Za-z0-9_-]{60}|sq0atp-[0-9A-Za-z_-]{22})" + RD, "eaaa", "sq0atp-"),
      r("square-oauth-secret", "Square", 0, 50, 3.5,
          LD + "(?<s>sq0csp-[0-9A-Za-z_-]{43})" + RD, "sq0csp-"),
      // --- AI platforms -----------------------------------------------------------------------
      r("openai-api-key", "OpenAI", 24, 260, 3.5,
          LD + "(?<s>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})"
              + RD,
          "sk-proj-", "sk-svcacct-", "sk-admin-", "t3blbkfj"),
      r("anthropic-api-key", "Anthropic", 0, 140, 3.5,
          LD + "(?<s>sk-ant-(?:api|admin|oat|sid)\\d{2}-[A-Za-z0-9_-]{80,120})" + RD, "sk-ant-"),
      r("huggingface-token", "Hugging Face", 0, 37, 3.5,
          "(?<![A-Za-z0-9_])(?<s>hf_[A-Za-z]{34})(?![A-Za-z0-9_])", "hf_"),
      r("huggingface-org-token", "Hugging Face", 0, 42, 3.5,
          "(?<![A-Za-z0-9_])(?<s>api_org_[A-Za-z]{34})(?![A-Za-z0-9_])", "api_org_"),
      r("databricks-token", "Databricks", 0, 38, 3.0, L + "(?<s>dapi[a-f0-9]{32}(?:-\\d)?)" + R, "dapi"),
      // --- Package registries ---------------------------------------------------------------------
      r("npm-token", "npm", 0, 40, 3.5, L + "(?<s>npm_[A-Za-z0-9]{36})" + R, "npm_"),
      r("pypi-token", "PyPI", 0, 320, 3.5,
          "(?<s>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300})" + RD, "pypi-ageichlwas5vcmc"),
      r("dockerhub-token", "Docker Hub", 0, 45, 3.5,
          "(?<s>dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32})" + RD, "dckr_pat_", "dckr_oat_"),
      // --- Infrastructure and observability -------------------------------------------------------
      c("datadog-key", "Datadog", 100, 3.0, ONE_LINE,
          L + "(?<s>[a-f0-9]{40}|[a-f0-9]{32})" + R,
          "datadog", "dd_api", "dd_app", "dd-api", "dd-app", "ddapi", "ddapp"),
      r("newrelic-user-key", "New Relic", 0, 32, 3.0, L + "(?<s>NRAK-[A-Z0-9]{27})" + R, "nrak-"),
      r("newrelic-insert-key", "New Relic", 0, 37, 3.0, L + "(?<s>NRII-[A-Za-z0-9_-]{32})" + RD, "nrii-"),
      r("newrelic-license-key", "New Relic", 36, 40, 3.0, L + "(?<s>[a-f0-9]{36}NRAL)" + R, "nral"),
      r("grafana-cloud-token", "Grafana", 0, 410, 3.5,
          L + "(?<s>glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9+/=])", "glc_"),
      r("grafana-service-account-token", "Grafana", 0, 46, 3.0,
          L + "(?<s>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})" + R, "glsa_"),
      r("hashicorp-vault-token", "HashiCorp", 0, 125, 3.5,
          L + "(?<s>hv[sb]\\.[A-Za-z0-9_-]{90,120})" + RD, "hvs.", "hvb."),
      r("terraform-cloud-token", "HashiCorp", 14, 95, 3.5,
          L + "(?<s>[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])", ".atlasv1."),
      r("doppler-token", "Doppler", 0, 54, 3.5,
          L + "(?<s>dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44})" + R,
          "dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."),
      r("planetscale-token", "PlanetScale", 0, 80, 3.5,
          L + "(?<s>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64})" + RD,
          "pscale_tkn_", "pscale_pw_", "pscale_oauth_"),
      // --- Keys, tokens and credentials in standard formats ---------------------------------------
      r("private-key", "PEM / OpenSSH / PGP", 40, 4330, 4.0,
          "-----BEGIN[A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----(?:[\\sA-Za-z0-9+/=:,]|-(?!----)){64,4200}+"
              // the END line, or where the body stops; or a text (a streamed buffer) that ends
              // inside the END line
              + "(?:-----END[A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----|(?![\\sA-Za-z0-9+/=:,-])|(?=-[-A-Z ]{0,40}\\z)"
              // or a body longer than the bound: the detector extends the match to its END line
              + "|(?<=[\\sA-Za-z0-9+/=:,]))",
          "private key"),
      r("age-secret-key", "age", 0, 74, 3.0,
          "(?<s>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})" + R, "age-secret-key-1"),
      r("jwt", "JSON Web Token", 0, 4010, 3.0,
          // A text (a streamed buffer) may end inside the payload.
          LD + "(?<s>eyJ[A-Za-z0-9_-]{8,1000}+\\.eyJ[A-Za-z0-9_-]{8,2000}+(?:\\.[A-Za-z0-9_-]{0,1000}+|\\z))" + RD,
          "eyj"),
      r("database-url-password", "database URL", 12, 470, 0,
          "(?i:(?<![A-Za-z0-9+])(?:jdbc:)?(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?"
              + "|mssql|sqlserver|cockroachdb|clickhouse))://[^\\s:/@'\"]{0,64}:(?<s>[^\\s@/'\"]{3,128})"
              + "@[^\\s/'\"@]{1,253}",
          "postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver",
          "cockroachdb", "clickhouse").requiring("://", "@"),
      r("url-credentials", "URL", 12, 470, 0,
          "(?i:(?<![A-Za-z0-9+])(?:https?|s?ftp|smtps?|ldaps?|ssh|git\\+https?))://[^\\s:/@'\"]{1,64}"
              + ":(?<s>[^\\s@/'\"]{3,128})@[A-Za-z0-9.-]{1,253}",
          "http", "ftp", "smtp", "ldap", "ssh").requiring("://", "@"),
      // --- Generic: key-like name assigned a random-looking value ---------------------------------
      // The name must contain one of Candidates.KEY_LIKE_NAME's words; checked after the match.
      new SecretRule("generic-secret", "generic", List.of("key", "secret", "token", "pass", "pwd", "credential"),
          60, 280,
          Pattern.compile(
              "(?<![A-Za-z0-9_:/.-])(?<name>[A-Za-z0-9_.-]{1,60}+)[\"']?\\s{0,3}"
                  + "(?:=|:=|=>|:|value=)\\s{0,3}(?<q>[\"'`]?)(?<s>[^\\s\"'`;,()<>{}\\[\\]]{6,200})"),
          3.0, 0.6, true, null, List.of()));

  private static SecretRule r(String id, String vendor, int before, int maxLength, double minEntropy,
      String regex, String... keywords) {
    return new SecretRule(id, vendor, List.of(keywords), before, maxLength, Pattern.compile(regex),
        minEntropy, VENDOR, false, null, List.of());
  }

  /**
   * A rule whose secret is recognized by context: a keyword (the vendor's name), then within
   * {@code maxLength} characters text matching {@code between}, then the secret.
   */
  private static SecretRule c(String id, String vendor, int maxLength, double minEntropy,
      String between, String regex, String... keywords) {
    return new SecretRule(id, vendor, List.of(keywords), 0, maxLength, Pattern.compile(regex),
        minEntropy, CONTEXT, false, Pattern.compile(between), List.of());
  }

  /** A rule whose keyword is context anywhere in the text, the secret's shape being distinctive. */
  private static SecretRule anywhere(String id, String vendor, int maxLength, double minEntropy,
      String regex, String... keywords) {
    return new SecretRule(id, vendor, List.of(keywords), ANY, maxLength, Pattern.compile(regex),
        minEntropy, CONTEXT, false, null, List.of());
  }
}
