package dev.palisade.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy file: where it is and what is wrong.
 *
 * <p>Messages name the path in the policy ({@code rules[2].action}) and the allowed values; they
 * never quote test inputs or key material.
 *
 * @param file the file as given (or {@code pack:NAME} for a bundled pack)
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param path where in the policy, e.g. {@code rules[2].action} ({@code ""} for the whole file)
 * @param message what is wrong
 */
public record Problem(String file, int line, int column, String path, String message)
    implements Comparable<Problem> {

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code FILE:LINE:COL: path: message}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }

  @Override
  public int compareTo(Problem o) {
    int c = file.compareTo(o.file);
    if (c == 0) {
      c = Integer.compare(line, o.line);
    }
    if (c == 0) {
      c = Integer.compare(column, o.column);
    }
    return c != 0 ? c : message.compareTo(o.message);
  }
}
