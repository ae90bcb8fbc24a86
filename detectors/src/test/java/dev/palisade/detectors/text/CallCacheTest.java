package dev.palisade.detectors.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallCacheTest {

  @Test
  void derivesOncePerCallAndAgainWhenTheCallsKeyChanges() {
    CallCache<String, String> cache = new CallCache<>();
    List<String> made = new ArrayList<>();
    Object call = new Object();
    Object other = new Object();
    for (int chunk = 0; chunk < 5; chunk++) {
      assertThat(cache.get(call, "prompt", k -> { made.add(k); return k.toUpperCase(); })).isEqualTo("PROMPT");
    }
    assertThat(made).containsExactly("prompt");
    cache.get(other, "prompt", k -> { made.add(k); return k; });
    cache.get(call, "changed", k -> { made.add(k); return k; });
    assertThat(made).containsExactly("prompt", "prompt", "changed");
    assertThat(cache.toString()).doesNotContain("prompt");
  }
}
