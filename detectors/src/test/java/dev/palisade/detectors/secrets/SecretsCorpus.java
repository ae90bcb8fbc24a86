package dev.palisade.detectors.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The generator of the secrets evaluation corpus ({@code src/test/resources/secrets/corpus.jsonl}).
 *
 * <p>Every positive is a fake, randomly drawn value in its vendor's published shape, placed in one
 * of several contexts (env files, JSON, code, shell, chat prose). Negatives are what a scanner must
 * leave alone: UUIDs, commit hashes, digests, base64 images, ordinary source code, prose about keys,
 * documentation placeholders and public identifiers. The seed is fixed, so the file is reproducible:
 * {@code SecretsCorpusTest} checks that the committed file equals this generator's output.
 * Regenerate with {@code main(path)}.
 */
final class SecretsCorpus {

  static final long SEED = 20261127L;

  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";
  private static final String ALNUM = UPPER + LOWER + DIGITS;
  private static final String HEX = "0123456789abcdef";
  private static final String B64 = ALNUM + "+/";
  private static final String B64URL = ALNUM + "-_";

  private final Random rnd = new Random(SEED);
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> lines = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "detectors/src/test/resources/secrets/corpus.jsonl");
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
  }

  static String generate() {
    SecretsCorpus c = new SecretsCorpus();
    c.positives();
    c.negatives();
    return String.join("\n", c.lines) + "\n";
  }

  // ---------------------------------------------------------------------------------------------
  // Random pieces

  String r(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  int between(int lo, int hi) {
    return lo + rnd.nextInt(hi - lo + 1);
  }

  <T> T pick(List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }

  String b64url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  String password() {
    return r(ALNUM, between(10, 18)) + pick(List.of("!", "#", "-", "_", "~", "")) + r(DIGITS, 2);
  }

  String jwt() {
    String header = b64url(pick(List.of("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
        "{\"alg\":\"RS256\",\"kid\":\"" + r(HEX, 16) + "\",\"typ\":\"JWT\"}",
        "{\"typ\":\"JWT\",\"alg\":\"ES256\"}")));
    String payload = b64url("{\"sub\":\"" + between(1000, 99999) + "\",\"name\":\"" + r(LOWER, 6)
        + "\",\"iat\":" + between(1600000000, 1800000000) + ",\"scope\":\"" + r(LOWER, 5) + "\"}");
    return header + "." + payload + "." + r(B64URL, pick(List.of(43, 86, 342)));
  }

  String pem() {
    String type = pick(List.of("RSA ", "EC ", "OPENSSH ", "", "DSA ", "ENCRYPTED "));
    StringBuilder sb = new StringBuilder("-----BEGIN " + type + "PRIVATE KEY-----\n");
    int lines = between(4, 26);
    for (int i = 0; i < lines; i++) {
      sb.append(r(B64, 64)).append('\n');
    }
    sb.append(r(B64, between(8, 60))).append("==\n");
    sb.append("-----END ").append(type).append("PRIVATE KEY-----");
    return sb.toString();
  }

  String uuid() {
    return r(HEX, 8) + "-" + r(HEX, 4) + "-4" + r(HEX, 3) + "-" + pick(List.of("8", "9", "a", "b"))
        + r(HEX, 3) + "-" + r(HEX, 12);
  }

  // ---------------------------------------------------------------------------------------------
  // Positives

  /** A rule's value generator, the env-style name it usually has, and optional context lines. */
  private record Shape(Function<SecretsCorpus, String> value, String env, List<String> contexts) {}

  private Map<String, Shape> shapes() {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.put("aws-access-key-id", new Shape(
        c -> c.pick(List.of("AKIA", "ASIA", "AKIA")) + c.r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "AWS_ACCESS_KEY_ID", List.of()));
    m.put("aws-secret-access-key", new Shape(c -> c.r(B64, 40), "", List.of(
        "env:\n  - name: AWS_SECRET_ACCESS_KEY\n    value: {S}", "export AWS_SECRET_ACCESS_KEY={S}",
        "[default]\naws_access_key_id = AKIA" + "{K}\naws_secret_access_key = {S}",
        "aws_secret_access_key = {S}", "AWS_SECRET_ACCESS_KEY=\"{S}\"",
        "{\"AwsSecretKey\": \"{S}\"}", "my AWS secret key is {S}, please rotate it",
        "aws configure set aws_secret_access_key {S}", "  aws.secretKey: {S}")));
    m.put("gcp-api-key", new Shape(c -> "AIza" + c.r(B64URL, 35), "GOOGLE_API_KEY", List.of()));
    m.put("gcp-service-account-key-id", new Shape(c -> c.r(HEX, 40), "", List.of(
        "{\"type\": \"service_account\", \"project_id\": \"demo-123\", \"private_key_id\": \"{S}\"}",
        "  \"private_key_id\": \"{S}\",\n  \"client_email\": \"svc@demo.iam.gserviceaccount.com\"")));
    m.put("google-oauth-client-secret", new Shape(c -> "GOCSPX-" + c.r(B64URL, 28), "GOOGLE_CLIENT_SECRET", List.of()));
    m.put("google-oauth-access-token", new Shape(c -> "ya29." + c.r(B64URL, c.between(60, 200)), "GOOGLE_ACCESS_TOKEN", List.of()));
    m.put("google-oauth-refresh-token", new Shape(c -> "1//0" + c.r(B64URL, c.between(60, 100)), "GOOGLE_REFRESH_TOKEN", List.of()));
    m.put("azure-storage-account-key", new Shape(c -> c.r(B64, 86) + "==", "", List.of(
        "DefaultEndpointsProtocol=https;AccountName=demostore;AccountKey={S};EndpointSuffix=core.windows.net",
        "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=acct{N};AccountKey={S}\"",
        "Use this connection string: AccountName=logs;AccountKey={S}")));
    m.put("azure-shared-access-key", new Shape(c -> c.r(B64, 43) + "=", "", List.of(
        "Endpoint=sb://demo-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={S}",
        "HostName=hub{N}.azure-devices.net;DeviceId=dev1;SharedAccessKey={S}")));
    m.put("azure-sas-token", new Shape(c -> c.r(ALNUM, 40) + "%3D", "", List.of(
        "https://acct{N}.blob.core.windows.net/data/file.csv?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig={S}",
        "BlobSas: ?sv=2021-08-06&se=2025-12-31&sr=c&sp=racwdl&sig={S}")));
    m.put("azure-ad-client-secret", new Shape(
        c -> c.r(ALNUM, 3) + c.r(DIGITS, 1) + "Q~" + c.r(ALNUM + "_~.-", 34).replaceAll("[.~_-]$", "x"),
        "AZURE_CLIENT_SECRET", List.of()));
    m.put("alibaba-access-key-id", new Shape(c -> "LTAI" + c.r(ALNUM, 20), "ALIBABA_CLOUD_ACCESS_KEY_ID", List.of()));
    m.put("digitalocean-token", new Shape(c -> c.pick(List.of("dop_v1_", "doo_v1_")) + c.r(HEX, 64), "DIGITALOCEAN_TOKEN", List.of()));
    m.put("heroku-api-key", new Shape(c -> "HRKU-" + c.r(B64URL, 60).replaceAll("[-_]$", "Q"), "HEROKU_API_KEY", List.of()));
    m.put("heroku-api-key-legacy", new Shape(SecretsCorpus::uuid, "", List.of(
        "HEROKU_API_KEY={S}", "heroku api key: {S}", "export HEROKU_AUTH_TOKEN=\"{S}\"",
        "Your Heroku token is {S}")));
    m.put("github-pat", new Shape(c -> "ghp_" + c.r(ALNUM, 36), "GITHUB_TOKEN", List.of()));
    m.put("github-oauth-token", new Shape(c -> "gho_" + c.r(ALNUM, 36), "GH_OAUTH_TOKEN", List.of()));
    m.put("github-app-token", new Shape(c -> c.pick(List.of("ghu_", "ghs_")) + c.r(ALNUM, 36), "GH_APP_TOKEN", List.of()));
    m.put("github-refresh-token", new Shape(c -> "ghr_" + c.r(ALNUM, 36), "GH_REFRESH_TOKEN", List.of()));
    m.put("github-fine-grained-pat", new Shape(c -> "github_pat_" + c.r(ALNUM, 22) + "_" + c.r(ALNUM, 59), "GITHUB_PAT", List.of()));
    m.put("gitlab-pat", new Shape(c -> "glpat-" + c.r(B64URL, 20).replaceAll("[-_]$", "z"), "GITLAB_TOKEN", List.of()));
    m.put("gitlab-pipeline-trigger-token", new Shape(c -> "glptt-" + c.r(HEX, 40), "CI_TRIGGER_TOKEN", List.of()));
    m.put("gitlab-runner-token", new Shape(c -> c.pick(List.of("glrt-", "GR1348941")) + c.r(ALNUM, 20), "RUNNER_TOKEN", List.of()));
    m.put("gitlab-deploy-token", new Shape(c -> "gldt-" + c.r(ALNUM, 20), "DEPLOY_TOKEN", List.of()));
    m.put("atlassian-api-token", new Shape(c -> "ATATT3" + c.r(B64URL, 178).replaceAll("[-_]$", "A") + "=" + c.r("0123456789ABCDEF", 8), "JIRA_API_TOKEN", List.of()));
    m.put("postman-api-key", new Shape(c -> "PMAK-" + c.r(HEX, 24) + "-" + c.r(HEX, 34), "POSTMAN_API_KEY", List.of()));
    m.put("linear-api-key", new Shape(c -> "lin_api_" + c.r(ALNUM, 40), "LINEAR_API_KEY", List.of()));
    m.put("sentry-token", new Shape(c -> c.pick(List.of("sntrys_eyJ" + c.r(B64, 120), "sntryu_" + c.r(HEX, 64))), "SENTRY_AUTH_TOKEN", List.of()));
    m.put("slack-token", new Shape(c -> c.pick(List.of("xoxb-", "xoxp-", "xoxe-"))
        + c.r(DIGITS, 12) + "-" + c.r(DIGITS, 13) + "-" + c.r(ALNUM, 24), "SLACK_BOT_TOKEN", List.of()));
    m.put("slack-app-token", new Shape(c -> "xapp-1-A" + c.r(UPPER + DIGITS, 10) + "-" + c.r(DIGITS, 13) + "-" + c.r(HEX, 64), "SLACK_APP_TOKEN", List.of()));
    m.put("slack-webhook", new Shape(c -> "https://hooks.slack.com/services/T" + c.r(UPPER + DIGITS, 8) + "/B" + c.r(UPPER + DIGITS, 10) + "/" + c.r(ALNUM, 24), "SLACK_WEBHOOK_URL", List.of()));
    m.put("discord-webhook", new Shape(c -> "https://discord.com/api/webhooks/" + c.r(DIGITS, 18) + "/" + c.r(B64URL, 68).replaceAll("[-_]$", "k"), "DISCORD_WEBHOOK", List.of()));
    m.put("discord-bot-token", new Shape(c -> c.pick(List.of("M", "N", "O")) + c.r(ALNUM, 23) + "." + c.r(ALNUM, 6) + "." + c.r(B64URL, 27).replaceAll("[-_]$", "x"), "", List.of(
        "DISCORD_BOT_TOKEN={S}", "discord bot token: {S}", "client.login('{S}') // discord.js",
        "Discord token {S}")));
    m.put("telegram-bot-token", new Shape(c -> c.r("123456789", 1) + c.r(DIGITS, 9) + ":AA" + c.r(B64URL, 33).replaceAll("[-_]$", "q"), "TELEGRAM_BOT_TOKEN", List.of()));
    m.put("twilio-api-key", new Shape(c -> "SK" + c.r(HEX, 32), "TWILIO_API_KEY", List.of()));
    m.put("twilio-auth-token", new Shape(c -> c.r(HEX, 32), "", List.of(
        "TWILIO_AUTH_TOKEN={S}", "twilio auth token: {S}", "{\"twilio\": {\"authToken\": \"{S}\"}}",
        "Twilio account AC" + "{H} token {S}")));
    m.put("sendgrid-api-key", new Shape(c -> "SG." + c.r(B64URL, 22) + "." + c.r(B64URL, 43), "SENDGRID_API_KEY", List.of()));
    m.put("mailgun-api-key", new Shape(c -> "key-" + c.r(HEX, 32), "MAILGUN_API_KEY", List.of()));
    m.put("mailchimp-api-key", new Shape(c -> c.r(HEX, 32) + "-us" + c.between(1, 21), "MAILCHIMP_API_KEY", List.of()));
    m.put("stripe-secret-key", new Shape(c -> c.pick(List.of("sk_live_", "sk_test_", "rk_live_")) + c.r(ALNUM, c.pick(List.of(24, 99))), "STRIPE_SECRET_KEY", List.of()));
    m.put("stripe-webhook-secret", new Shape(c -> "whsec_" + c.r(ALNUM, 32), "STRIPE_WEBHOOK_SECRET", List.of()));
    m.put("shopify-token", new Shape(c -> c.pick(List.of("shpat_", "shpss_", "shpca_")) + c.r(HEX, 32), "SHOPIFY_ACCESS_TOKEN", List.of()));
    m.put("square-access-token", new Shape(c -> c.pick(List.of("EAAA" + c.r(B64URL, 60).replaceAll("[-_]$", "c"), "sq0atp-" + c.r(B64URL, 22).replaceAll("[-_]$", "c"))), "SQUARE_ACCESS_TOKEN", List.of()));
    m.put("square-oauth-secret", new Shape(c -> "sq0csp-" + c.r(B64URL, 43).replaceAll("[-_]$", "c"), "SQUARE_OAUTH_SECRET", List.of()));
    m.put("openai-api-key", new Shape(c -> c.pick(List.of("sk-proj-" + c.r(B64URL, 156).replaceAll("[-_]$", "A"),
        "sk-" + c.r(ALNUM, 20) + "T3BlbkFJ" + c.r(ALNUM, 20), "sk-svcacct-" + c.r(B64URL, 120).replaceAll("[-_]$", "A"))), "OPENAI_API_KEY", List.of()));
    m.put("anthropic-api-key", new Shape(c -> "sk-ant-api03-" + c.r(B64URL, 93).replaceAll("[-_]$", "x") + "AA", "ANTHROPIC_API_KEY", List.of()));
    m.put("huggingface-token", new Shape(c -> "hf_" + c.r(UPPER + LOWER, 34), "HF_TOKEN", List.of()));
    m.put("huggingface-org-token", new Shape(c -> "api_org_" + c.r(UPPER + LOWER, 34), "HF_ORG_TOKEN", List.of()));
    m.put("databricks-token", new Shape(c -> "dapi" + c.r(HEX, 32), "DATABRICKS_TOKEN", List.of()));
    m.put("npm-token", new Shape(c -> "npm_" + c.r(ALNUM, 36), "NPM_TOKEN", List.of()));
    m.put("pypi-token", new Shape(c -> "pypi-AgEIcHlwaS5vcmc" + c.r(B64URL, c.between(70, 180)).replaceAll("[-_]$", "w"), "PYPI_TOKEN", List.of()));
    m.put("dockerhub-token", new Shape(c -> "dckr_pat_" + c.r(B64URL, 27).replaceAll("[-_]$", "d"), "DOCKERHUB_TOKEN", List.of()));
    m.put("datadog-key", new Shape(c -> c.r(HEX, c.pick(List.of(32, 40))), "", List.of(
        "DD_API_KEY={S}", "datadog api key: {S}", "  dd_app_key: \"{S}\"", "export DATADOG_API_KEY={S}")));
    m.put("newrelic-user-key", new Shape(c -> "NRAK-" + c.r(UPPER + DIGITS, 27), "NEW_RELIC_API_KEY", List.of()));
    m.put("newrelic-insert-key", new Shape(c -> "NRII-" + c.r(ALNUM, 32), "NEW_RELIC_INSERT_KEY", List.of()));
    m.put("newrelic-license-key", new Shape(c -> c.r(HEX, 36) + "NRAL", "NEW_RELIC_LICENSE_KEY", List.of()));
    m.put("grafana-cloud-token", new Shape(c -> "glc_" + c.r(ALNUM, 120) + "=", "GRAFANA_CLOUD_TOKEN", List.of()));
    m.put("grafana-service-account-token", new Shape(c -> "glsa_" + c.r(ALNUM, 32) + "_" + c.r(HEX, 8), "GRAFANA_SA_TOKEN", List.of()));
    m.put("hashicorp-vault-token", new Shape(c -> "hvs." + c.r(ALNUM, 95), "VAULT_TOKEN", List.of()));
    m.put("terraform-cloud-token", new Shape(c -> c.r(ALNUM, 14) + ".atlasv1." + c.r(ALNUM, 67), "TFE_TOKEN", List.of()));
    m.put("doppler-token", new Shape(c -> "dp.pt." + c.r(ALNUM, 43), "DOPPLER_TOKEN", List.of()));
    m.put("planetscale-token", new Shape(c -> c.pick(List.of("pscale_tkn_", "pscale_pw_")) + c.r(ALNUM, 43), "PLANETSCALE_TOKEN", List.of()));
    m.put("private-key", new Shape(SecretsCorpus::pem, "", List.of(
        "{S}", "Here is the key:\n\n{S}\n\nStore it safely.", "key.pem:\n```\n{S}\n```",
        "ssh_key: |\n  {S}")));
    m.put("age-secret-key", new Shape(c -> "AGE-SECRET-KEY-1" + c.r("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58), "SOPS_AGE_KEY", List.of()));
    m.put("jwt", new Shape(SecretsCorpus::jwt, "AUTH_TOKEN", List.of()));
    m.put("database-url-password", new Shape(SecretsCorpus::password, "", List.of(
        "DATABASE_URL=postgres://app:{S}@db.internal:5432/app",
        "jdbc:postgresql://report_user:{S}@10.0.3.7:5432/reports",
        "mongodb+srv://admin{N}:{S}@cluster0.ab12c.mongodb.net/test?retryWrites=true",
        "REDIS_URL=redis://default:{S}@cache.local:6379/0",
        "spring.datasource.url: mysql://root:{S}@localhost:3306/shop",
        "Connect with amqps://worker:{S}@mq.example.net/vhost")));
    m.put("url-credentials", new Shape(SecretsCorpus::password, "", List.of(
        "git clone https://deploy:{S}@git.corp.local/team/repo.git",
        "proxy = http://svc_proxy:{S}@proxy.corp.net:3128",
        "ftp://backup:{S}@files.internal/archive", "Download from https://ci-bot:{S}@artifacts.corp.io/x.zip")));
    m.put("generic-secret", new Shape(c -> c.r(ALNUM, c.between(16, 40)), "", List.of(
        "SECRET_KEY=\"{S}\"", "api_key: {S}", "{\"client_secret\": \"{S}\"}", "private static final String API_TOKEN = \"{S}\";",
        "JWT_SECRET={S}", "db_password = '{S}'", "app.encryption_key={S}", "  auth_key: \"{S}\"",
        "config.access_key = \"{S}\"", "export SESSION_SECRET='{S}'", "<add key=\"ClientSecret\" value=\"{S}\" />")));
    return m;
  }

  private static final List<String> COMMON_CONTEXTS = List.of(
      "{S}",
      "export {E}={S}",
      "{E}=\"{S}\"",
      "{\"{e}\": \"{S}\"}",
      "Here is the key you asked for: {S}",
      "curl -H \"Authorization: Bearer {S}\" https://api.service.test/v1/items",
      "env:\n  - name: {E}\n    value: {S}",
      "The credential {S} was found in the build log.",
      "headers = {'Authorization': 'token {S}'}",
      "client = Client(api_key=\"{S}\")",
      "{e}: '{S}'");

  private void positives() {
    for (var e : shapes().entrySet()) {
      String rule = e.getKey();
      Shape shape = e.getValue();
      List<String> contexts = new ArrayList<>(shape.contexts());
      if (!shape.env().isEmpty()) {
        contexts.addAll(COMMON_CONTEXTS);
      }
      int count = 14;
      for (int i = 0; i < count; i++) {
        String context = contexts.get(i % contexts.size());
        String value = shape.value().apply(this);
        String text = context.replace("{E}", shape.env())
            .replace("{e}", shape.env().toLowerCase(java.util.Locale.ROOT))
            .replace("{N}", Integer.toString(between(1, 99)))
            .replace("{H}", r(HEX, 32))
            .replace("{K}", r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
            .replace("{S}", value);
        add(text, "positive", "rule", rule);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Negatives

  private static final List<String> WORDS = List.of(
      "the", "key", "token", "secret", "password", "service", "rotate", "expires", "after", "user",
      "session", "request", "header", "value", "store", "vault", "access", "api", "client", "server",
      "every", "days", "should", "never", "commit", "config", "file", "environment", "variable",
      "deploy", "build", "release", "account", "login", "credential", "policy", "minutes", "hash",
      "random", "length", "characters", "database", "connection", "string", "cloud", "bucket");

  private static final List<String> CODE = List.of(
      "String token = request.getHeader(\"Authorization\");",
      "password = getpass.getpass(\"Password: \")",
      "const apiKey = process.env.API_KEY;",
      "if (token == null) { throw new IllegalStateException(\"missing token\"); }",
      "secret_key = os.environ[\"SECRET_KEY\"]",
      "def verify_password(password, hashed):\n    return bcrypt.checkpw(password, hashed)",
      "const TOKEN_EXPIRY_SECONDS = 3600;",
      "private static final String PASSWORD_FIELD = \"password\";",
      "for (int i = 0; i < tokens.length; i++) { count += tokens[i].length(); }",
      "token = tokenizer.next_token()",
      "api_key = settings.API_KEY",
      "$password = $_POST['password'];",
      "let secret = await vault.read(`secret/data/${name}`);",
      "self.access_key = access_key",
      "auth_token: ${{ secrets.AUTH_TOKEN }}",
      "PASSWORD_MIN_LENGTH = 12",
      "password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256",
      "user.setPassword(passwordEncoder.encode(rawPassword));",
      "if err := validateToken(ctx, token); err != nil { return err }",
      "SECRET_KEY = get_random_secret_key()",
      "token_type: Bearer",
      "private_key_path = \"/etc/ssl/private/server.key\"",
      "api_key_header_name = \"X-Api-Key\"",
      "\"password_policy\": {\"min_length\": 12, \"require_digit\": true}",
      "func hashPassword(pw string) (string, error) {",
      "tokens = text.split()",
      "client_secret = config.get(\"oauth\", \"client_secret\")",
      "export AWS_PROFILE=staging && aws s3 ls s3://analytics-bucket/2024/raw/",
      "aws iam get-role --role-name deploy-role --query Role.Arn",
      "arn:aws:iam::123456789012:role/service-role/LambdaExecution",
      "String secret = System.getenv(\"APP_SECRET\");",
      "grant_type=password&username=${user}&password=${pass}",
      "password_hash = hashlib.sha256(salt + password).hexdigest()",
      "token.expiresAt = Instant.now().plusSeconds(900);",
      "resetPasswordToken: String(32)",
      "KEY_LENGTH = 256");

  private static final List<String> PLACEHOLDERS = List.of(
      "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "api_key: YOUR_API_KEY",
      "token = \"<token>\"",
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "export OPENAI_API_KEY=\"sk-...\"",
      "postgres://user:password@localhost:5432/mydb",
      "https://username:password@example.com/path",
      "password: ********",
      "Authorization: Bearer <YOUR_TOKEN>",
      "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
      "SECRET_KEY=changeme",
      "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
      "client_secret: ${CLIENT_SECRET}",
      "DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app",
      "api_key = \"your-api-key-here\"",
      "SLACK_TOKEN=xoxb-your-token",
      "password = \"{{ vault_password }}\"",
      "auth_token: REPLACE_ME",
      "mysql://root:<password>@127.0.0.1:3306/test",
      "\"apiKey\": \"INSERT_YOUR_KEY_HERE\"",
      "token: 0000000000000000000000000000000000000000",
      "secret = \"abcdefghijklmnopqrstuvwxyz\"",
      "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "ANTHROPIC_API_KEY=sk-ant-api03-...",
      "redis://:${REDIS_PASSWORD}@redis:6379");

  private void negatives() {
    for (int i = 0; i < 300; i++) {
      String u = uuid();
      add(pick(List.of("request id " + u + " failed with status 502",
          "{\"id\": \"" + u + "\", \"status\": \"active\"}",
          "session_token: " + u, "X-Request-ID: " + u, "tenant " + u + " migrated",
          "api_key_id = \"" + u + "\"", "trace=" + u + " span=" + r(HEX, 16))), "negative", "kind", "uuid");
    }
    for (int i = 0; i < 300; i++) {
      String sha = r(HEX, 40);
      add(pick(List.of("commit " + sha + "\nAuthor: Dev <dev@corp.test>", "Merge " + sha.substring(0, 7) + " into main",
          "git checkout " + sha.substring(0, 12), "{\"sha\": \"" + sha + "\", \"ref\": \"refs/heads/main\"}",
          "revision: " + sha, "Fixed in " + sha.substring(0, 10) + " (cherry picked from commit " + sha + ")",
          "token_hash = \"" + sha + "\"", "checksum secret.tar.gz: " + r(HEX, 64))), "negative", "kind", "git-hash");
    }
    for (int i = 0; i < 200; i++) {
      add(pick(List.of("image: registry.corp.test/app@sha256:" + r(HEX, 64),
          "\"integrity\": \"sha512-" + r(B64, 86) + "==\"", "md5sum: " + r(HEX, 32) + "  key.tar",
          "ETag: \"" + r(HEX, 32) + "\"", "digest: sha1:" + r(HEX, 40),
          "fingerprint SHA256:" + r(B64, 43) + " (ED25519)")), "negative", "kind", "digest");
    }
    for (int i = 0; i < 200; i++) {
      String data = r(B64, between(300, 2400));
      add(pick(List.of("![logo](data:image/png;base64," + data + "==)",
          "<img src=\"data:image/jpeg;base64," + data + "\" alt=\"chart\">",
          "{\"thumbnail\": \"data:image/webp;base64," + data + "=\"}")), "negative", "kind", "base64-image");
    }
    for (int i = 0; i < 700; i++) {
      StringBuilder sb = new StringBuilder();
      int n = between(1, 4);
      for (int k = 0; k < n; k++) {
        sb.append(pick(CODE).replace("32", Integer.toString(between(8, 64)))).append('\n');
      }
      add(sb.toString().strip(), "negative", "kind", "source-code");
    }
    for (int i = 0; i < 700; i++) {
      StringBuilder sb = new StringBuilder();
      int n = between(8, 30);
      for (int k = 0; k < n; k++) {
        sb.append(k == 0 ? "" : " ").append(pick(WORDS));
      }
      sb.append(pick(List.of(".", ": see the docs.", "?", " (version " + between(1, 9) + "." + between(0, 20) + ").")));
      add(Character.toUpperCase(sb.charAt(0)) + sb.substring(1), "negative", "kind", "prose");
    }
    for (int i = 0; i < 260; i++) {
      add(PLACEHOLDERS.get(i % PLACEHOLDERS.size()), "negative", "kind", "placeholder");
    }
    for (int i = 0; i < 400; i++) {
      add(pick(List.of("secret_arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-" + r(ALNUM, 6),
          "\"tokenizer_class\": \"LlamaTokenizerFast\", \"max_tokens\": " + between(256, 8192),
          "\"publicKey\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + r(B64, 43) + " dev@laptop\"",
          "secret_name: db-credentials-" + r(LOWER, 5), "password_reset_url: https://id.corp.test/reset/" + r(ALNUM, 22),
          "\"csrf_token\": \"{{ csrf_token }}\"", "const color = '#" + r(HEX, 6) + "'; const mask = 0x" + r(HEX, 8) + ";",
          "var a=\"" + r(ALNUM, 16) + "\",b=function(c){return c.key};",
          "pip install scikit-learn==1." + between(0, 5) + " && python -m sk_" + r(LOWER, 6),
          "hf_hub_download(repo_id=\"org/model\", filename=\"config.json\")",
          "Use a key-value store; key-" + r(LOWER, 8) + " is the partition.",
          "\"data\": \"" + b64url(r(LOWER + " ", 40)) + "\"",
          "auth_key_version: " + between(1, 9) + ", token_ttl: " + between(60, 3600),
          "https://www.youtube.com/watch?v=" + r(B64URL, 11) + "&t=" + between(1, 300),
          "The deploy key was rotated; the new token lives in Vault under secret/app/" + r(LOWER, 6) + ".",
          "AWS Lambda " + r(LOWER, 8) + " timed out after " + between(3, 900) + "s, request " + r(HEX, 8),
          "twilio webhook received from +1555" + r(DIGITS, 7) + " at " + between(10, 23) + ":" + between(10, 59),
          "Datadog monitor " + between(100000, 9999999) + " triggered for host web-" + between(1, 40))),
          "negative", "kind", "hard");
    }
    for (int i = 0; i < 400; i++) {
      add(pick(List.of("pk_live_" + r(ALNUM, 24), "Twilio account SID AC" + r(HEX, 32),
          "tracking id UA-" + between(100000, 999999) + "-" + between(1, 9),
          "ObjectId(\"" + r(HEX, 24) + "\")", "order " + r(UPPER + DIGITS, 12) + " shipped",
          "s3://logs-" + r(LOWER, 6) + "/2025/" + between(1, 12) + "/app.log.gz",
          "version 1." + between(0, 30) + "." + between(0, 99) + "-" + r(HEX, 7),
          "call +1 555 01" + r(DIGITS, 2) + " or mail ops@corp.test",
          "{\"id\": \"" + r(ALNUM, 20) + "\", \"key\": \"user/" + r(LOWER, 8) + "\"}",
          "https://docs.corp.test/articles/" + r(LOWER + DIGITS, 10) + "?page=" + between(1, 9),
          "Download https://cdn.corp.test/assets/" + r(HEX, 32) + "/bundle.js",
          "AWS region eu-west-1, account 123456789012, bucket arn:aws:s3:::media-" + r(LOWER, 5),
          "The key insight is that tokenization happens before the secret sauce is added.")),
          "negative", "kind", "public-identifier");
    }
  }

  private void add(String text, String label, String extraName, String extraValue) {
    ObjectNode node = json.createObjectNode();
    node.put("text", text);
    node.put("label", label);
    node.put(extraName, extraValue);
    lines.add(node.toString());
  }
}
