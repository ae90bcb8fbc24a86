package dev.palisade.bench;

import dev.palisade.detectors.injection.InjectionDetector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start of the injection detector as an application sees it: the first
 * {@code InjectionDetector.defaults().warmUp()} in a fresh JVM (rules, ICU data, the ONNX runtime
 * and the MiniLM model, the exemplar vectors, one embedding). One shot per fork, nothing loaded
 * before it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class InjectionLoadBenchmark {

  @Benchmark
  public InjectionDetector coldLoad() {
    return InjectionDetector.defaults().warmUp();
  }
}
