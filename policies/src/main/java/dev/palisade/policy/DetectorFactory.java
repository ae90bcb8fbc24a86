package dev.palisade.policy;

import dev.palisade.detect.Detector;

/** Makes a {@link Detector} from the options a policy rule gives it. */
@FunctionalInterface
public interface DetectorFactory {

  /**
   * @throws IllegalArgumentException if an option has a bad value; the message names the option
   *     and the allowed values, and becomes a problem at the rule's location
   */
  Detector create(DetectorOptions options);
}
