package dev.palisade.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The output benchmarks measured in CPU time of the calling thread rather than wall-clock time:
 * steadier than JMH's scores on a shared, overloaded machine, where waiting for a core inflates
 * wall-clock time. Best of seven rounds after a warm-up.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.palisade.bench.OutputCpuTime}
 */
public final class OutputCpuTime {

  private OutputCpuTime() {}

  public static void main(String[] args) {
    OutputBenchmark detectors = new OutputBenchmark();
    detectors.setUp();
    OutputStreamingBenchmark streaming = new OutputStreamingBenchmark();
    streaming.setUp();
    Map<String, Supplier<?>> perCall = new LinkedHashMap<>();
    perCall.put("secrets", detectors::secrets);
    perCall.put("bannedContent", detectors::bannedContent);
    perCall.put("links", detectors::links);
    perCall.put("systemPromptLeak", detectors::systemPromptLeak);
    perCall.put("jsonSchema", detectors::jsonSchema);
    perCall.put("allOutputDetectors", detectors::allOutputDetectors);
    for (var e : perCall.entrySet()) {
      System.out.printf("%-20s %8.1f us/op%n", e.getKey(), cpuMicros(e.getValue(), 20_000, 3_000));
    }
    int chunks = OutputStreamingBenchmark.CHUNKS;
    System.out.printf("%-20s %8.2f us/chunk%n", "streaming direct", cpuMicros(streaming::direct, 300, 50) / chunks);
    System.out.printf("%-20s %8.2f us/chunk%n", "streaming guarded", cpuMicros(streaming::guarded, 300, 50) / chunks);
  }

  private static double cpuMicros(Supplier<?> op, int warmUp, int calls) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warmUp; i++) {
      op.get();
    }
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 7; round++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < calls; i++) {
        op.get();
      }
      best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
    }
    return best / 1000.0 / calls;
  }
}
