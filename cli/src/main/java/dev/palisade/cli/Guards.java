package dev.palisade.cli;

import dev.palisade.Guard;

/** The guards the commands use when no policy is given. */
final class Guards {

  private Guards() {}

  static Guard bundledDefault() {
    return Guard.fromBundledPolicy("default");
  }
}
