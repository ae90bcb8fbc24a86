package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any byte string either loads or fails with {@link PolicyException}: never another exception,
 * never a hang. Inputs are random bytes, random mutations of valid policies, and hostile YAML
 * (deep nesting, alias bombs, huge scalars). Seeded, so a failure can be replayed.
 */
class PolicyFuzzTest {

  private static final long SEED = 0x5EED_2026L;

  @TempDir
  Path dir;

  @Test
  void randomAndMutatedInputsLoadOrFailWithPolicyException() throws IOException {
    Random random = new Random(SEED);
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(Files.readAllBytes(TestPolicies.resource("good/kitchen-sink.yaml")));
    seeds.add(Files.readAllBytes(TestPolicies.resource("good/base.yaml")));
    for (String pack : Policies.BUNDLED) {
      try (var in = PolicyFuzzTest.class.getResourceAsStream(PolicyLoader.PACKS + pack + ".yaml")) {
        if (in != null) {
          seeds.add(in.readAllBytes());
        }
      }
    }
    int loaded = 0;
    int rejected = 0;
    for (int i = 0; i < 600; i++) {
      byte[] input = i % 5 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
      if (attempt(input, i)) {
        loaded++;
      } else {
        rejected++;
      }
    }
    assertThat(rejected).isPositive();
    assertThat(loaded).as("some mutations still load, so the loader is exercised past parsing").isPositive();
  }

  @Test
  void hostileYamlIsRejectedQuickly() {
    String deep = "id: p\nx: " + "[".repeat(50_000) + "]".repeat(50_000) + "\n";
    String deepMaps = "id: p\n" + "a:\n".repeat(1) + "{b: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";
    StringBuilder bomb = new StringBuilder("id: p\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int k = 0; k < 9; k++) {
        bomb.append(k == 0 ? "" : ",").append('*').append((char) (c - 1));
      }
      bomb.append("]\n");
    }
    String huge = "id: p\ndescription: \"" + "x".repeat(2_000_000) + "\"\n";
    String manyKeys = "id: p\nlists:\n  allow:\n" + "  - a\n".repeat(200_000);
    for (String s : List.of(deep, deepMaps, bomb.toString(), huge, manyKeys, "", "---\n...\n", "\u0000\u0001",
        "id: p\n!!java.lang.Runtime {}: x\n", "id: !!binary AAAA\n", "? [a, b]\n: c\n", "id: p\nrules: {}\n")) {
      assertThat(attempt(s.getBytes(StandardCharsets.UTF_8), -1)).isFalse();
    }
  }

  /** True if it loaded, false if it failed with PolicyException; any other outcome fails the test. */
  private boolean attempt(byte[] input, int index) {
    Path file = dir.resolve("fuzz.yaml");
    return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      Files.write(file, input);
      try {
        TestPolicies.LOADER.load(file);
        return true;
      } catch (PolicyException e) {
        assertThat(e.problems()).isNotEmpty();
        return false;
      } catch (RuntimeException | StackOverflowError e) {
        fail("input #" + index + " (seed " + SEED + ") threw " + e, e);
        return false;
      }
    }, () -> "input #" + index + " (seed " + SEED + ") did not finish in time");
  }

  private static byte[] randomBytes(Random r) {
    byte[] b = new byte[r.nextInt(300)];
    r.nextBytes(b);
    if (r.nextBoolean()) {
      // Mostly printable, so the YAML scanner gets further.
      String alphabet = " \n:-[]{}#&*!|>'\"%@`,?abcdefghijklmnopqrstuvwxyz0123456789";
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) alphabet.charAt(Math.floorMod(b[i], alphabet.length()));
      }
    }
    return b;
  }

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(5)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b[at] = (byte) " \n:-[]{}#&*!|>'\"0a".charAt(r.nextInt(18));
        case 2 -> {
          byte[] shorter = new byte[b.length - 1];
          System.arraycopy(b, 0, shorter, 0, at);
          System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
          b = shorter;
        }
        case 3 -> b = java.util.Arrays.copyOf(b, at);
        default -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(40));
          byte[] longer = new byte[b.length + len];
          System.arraycopy(b, 0, longer, 0, at + len);
          System.arraycopy(b, at, longer, at + len, b.length - at);
          b = longer;
        }
      }
    }
    return b;
  }
}
