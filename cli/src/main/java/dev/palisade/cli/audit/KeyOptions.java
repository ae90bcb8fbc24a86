package dev.palisade.cli.audit;

import dev.palisade.audit.AuditException;
import dev.palisade.audit.AuditKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the audit keys come from: a key directory whose master key is in an environment variable
 * (or a file), or a PKCS#12 keystore whose password is in an environment variable.
 */
final class KeyOptions {
  static final String KEYS_ENV = "PALISADE_AUDIT_KEYS";
  static final String KEYSTORE_PASSWORD_ENV = "PALISADE_AUDIT_KEYSTORE_PASSWORD";

  @Option(names = "--keys", paramLabel = "DIR",
      description = "Key directory (keyset.json, public.pem, subjects/); default: $" + KEYS_ENV)
  Path keyDir;

  @Option(names = "--master-key-env", paramLabel = "NAME", defaultValue = AuditKeys.MASTER_KEY_ENV,
      description = "Environment variable holding the base64 master key (default: ${DEFAULT-VALUE})")
  String masterKeyEnv;

  @Option(names = "--master-key-file", paramLabel = "FILE",
      description = "File holding the base64 master key (instead of the environment variable)")
  Path masterKeyFile;

  @Option(names = "--keystore", paramLabel = "FILE",
      description = "PKCS#12 keystore instead of a key directory; password from $"
          + KEYSTORE_PASSWORD_ENV)
  Path keystore;

  @Option(names = "--subjects", paramLabel = "DIR",
      description = "Subject-key directory used with --keystore")
  Path subjects;

  /** True if any key source was given or the default environment variable names one. */
  boolean present() {
    return keyDir != null || keystore != null || System.getenv(KEYS_ENV) != null;
  }

  AuditKeys load(CommandSpec spec) {
    if (keystore != null) {
      if (subjects == null) {
        throw new ParameterException(spec.commandLine(), "--keystore needs --subjects DIR");
      }
      return AuditKeys.fromPkcs12(keystore, keystorePassword(spec), subjects);
    }
    return AuditKeys.load(keyDir(spec), masterKey(spec));
  }

  AuditKeys create(CommandSpec spec) {
    if (keystore != null) {
      if (subjects == null) {
        throw new ParameterException(spec.commandLine(), "--keystore needs --subjects DIR");
      }
      return AuditKeys.createPkcs12(keystore, keystorePassword(spec), subjects);
    }
    return AuditKeys.create(keyDir(spec), masterKey(spec));
  }

  private Path keyDir(CommandSpec spec) {
    if (keyDir != null) {
      return keyDir;
    }
    String env = System.getenv(KEYS_ENV);
    if (env == null || env.isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "this command needs keys: pass --keys DIR (or set " + KEYS_ENV + "), or --keystore FILE");
    }
    return Path.of(env);
  }

  private byte[] masterKey(CommandSpec spec) {
    if (masterKeyFile == null) {
      return AuditKeys.masterKeyFromEnvironment(masterKeyEnv);
    }
    try {
      String text = Files.readString(masterKeyFile, StandardCharsets.US_ASCII).trim();
      return Base64.getDecoder().decode(text);
    } catch (IOException e) {
      throw new AuditException("cannot read master key file " + masterKeyFile);
    } catch (IllegalArgumentException e) {
      throw new AuditException("master key file " + masterKeyFile + " must hold base64 of 32 bytes");
    }
  }

  private char[] keystorePassword(CommandSpec spec) {
    String pw = System.getenv(KEYSTORE_PASSWORD_ENV);
    if (pw == null) {
      throw new ParameterException(spec.commandLine(),
          "--keystore needs its password in the environment variable " + KEYSTORE_PASSWORD_ENV);
    }
    return pw.toCharArray();
  }
}
