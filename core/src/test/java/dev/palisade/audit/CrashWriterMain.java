package dev.palisade.audit;

import java.nio.file.Path;

/**
 * A child-process writer for {@link CrashRecoveryTest}: appends records as fast as it can and
 * prints how many are durable, until it is killed.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) {
    AuditKeys keys = AuditKeys.fromEnvironment(Path.of(args[1]));
    AuditLog log = AuditLog.builder().directory(Path.of(args[0])).keys(keys)
        .checkpointEvery(25).segmentMaxBytes(32 * 1024).batchSize(16).build();
    for (int i = 0; ; i++) {
      log.append(AuditFixtures.call(i));
      if (i % 10 == 9) {
        log.flush();
        System.out.println("flushed " + (i + 1));
        System.out.flush();
      }
    }
  }
}
