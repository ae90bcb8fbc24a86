package dev.palisade.policy;

/**
 * Where a value of a policy file is: file, line, column, and its path in that file
 * ({@code rules[2].action}).
 */
record Location(String file, int line, int column, String path) {

  static Location start(String file) {
    return new Location(file, 1, 1, "");
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
