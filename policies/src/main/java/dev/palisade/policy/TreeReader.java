package dev.palisade.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.palisade.policy.Node.Field;
import dev.palisade.policy.Node.ListNode;
import dev.palisade.policy.Node.MapNode;
import dev.palisade.policy.Node.ScalarNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML or JSON bytes into a {@link Node} tree with locations.
 *
 * <p>Bounded so that no input can make it hang or exhaust memory: at most {@link #MAX_BYTES}
 * bytes, {@link #MAX_DEPTH} levels of nesting and {@link #MAX_NODES} values; YAML aliases are
 * rejected (they would otherwise let a small file expand exponentially). Every failure is a
 * {@link PolicyException}.
 */
final class TreeReader {

  static final int MAX_BYTES = 1 << 20;
  static final int MAX_DEPTH = 32;
  static final int MAX_NODES = 100_000;

  private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_DEPTH + 2)
      .maxStringLength(MAX_BYTES)
      .maxNumberLength(100)
      .maxDocumentLength(MAX_BYTES)
      .build();

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(CONSTRAINTS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final YAMLFactory YAML;

  static {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(0);
    options.setNestingDepthLimit(MAX_DEPTH + 2);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowDuplicateKeys(true); // reported by us, with both locations
    options.setAllowRecursiveKeys(false);
    YAML = YAMLFactory.builder().loaderOptions(options).streamReadConstraints(CONSTRAINTS).build();
  }

  private final String file;
  private final Problems problems;
  private int nodes;

  private TreeReader(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * The tree of {@code bytes}, or null with the reason added to {@code problems}.
   *
   * @param json true for strict JSON, false for YAML (which also reads most JSON)
   */
  static Node read(byte[] bytes, String file, boolean json, Problems problems) {
    if (bytes.length > MAX_BYTES) {
      problems.add(Location.start(file), "", "file is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
      return null;
    }
    return new TreeReader(file, problems).parse(bytes, json);
  }

  private Node parse(byte[] bytes, boolean json) {
    try (JsonParser p = json ? JSON.createParser(bytes) : YAML.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        problems.add(Location.start(file), "", "file is empty; a policy needs at least an id");
        return null;
      }
      Node root = value(p, t, 0, "");
      if (root != null && p.nextToken() != null) {
        problems.add(at(p), "", "more than one document; a policy file holds exactly one");
        return null;
      }
      return root;
    } catch (Stop e) {
      return null;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      problems.add(l == null ? Location.start(file) : at(l), "", "not valid " + (json ? "JSON" : "YAML") + ": "
          + firstLine(e.getOriginalMessage()));
      return null;
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports some malformed input as unchecked exceptions of its own.
      problems.add(Location.start(file), "", "not valid " + (json ? "JSON" : "YAML") + ": "
          + firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return null;
    }
  }

  private Node value(JsonParser p, JsonToken t, int depth, String path) throws IOException {
    if (++nodes > MAX_NODES) {
      problems.add(at(p), "", "more than " + MAX_NODES + " values; a policy is not that big");
      throw new Stop();
    }
    if (depth > MAX_DEPTH) {
      problems.add(at(p), "", "nested more than " + MAX_DEPTH + " levels deep");
      throw new Stop();
    }
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      problems.add(at(p), "", "YAML aliases (*name) are not supported; repeat the value or use extends");
      throw new Stop();
    }
    Location here = at(p, path);
    switch (t) {
      case START_OBJECT -> {
        Map<String, Field> fields = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String childPath = Schema.join(path, key);
          Location keyAt = at(p, childPath);
          Node v = value(p, p.nextToken(), depth + 1, childPath);
          Field previous = fields.get(key);
          if (previous != null) {
            problems.add(keyAt, "", "duplicate key \"" + clip(key) + "\" (first at line "
                + previous.keyLocation().line() + ")");
          } else {
            fields.put(key, new Field(key, keyAt, v));
          }
        }
        expect(k, JsonToken.END_OBJECT, p);
        return new MapNode(here, fields);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        JsonToken i;
        while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
          if (i == null) {
            expect(null, JsonToken.END_ARRAY, p);
          }
          items.add(value(p, i, depth + 1, path + "[" + items.size() + "]"));
        }
        return new ListNode(here, items);
      }
      case VALUE_STRING -> {
        return new ScalarNode(here, p.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new ScalarNode(here, p.getNumberValue());
      }
      case VALUE_TRUE -> {
        return new ScalarNode(here, Boolean.TRUE);
      }
      case VALUE_FALSE -> {
        return new ScalarNode(here, Boolean.FALSE);
      }
      case VALUE_NULL -> {
        return new ScalarNode(here, null);
      }
      default -> {
        problems.add(here, "", "unexpected " + t);
        throw new Stop();
      }
    }
  }

  private void expect(JsonToken got, JsonToken want, JsonParser p) {
    if (got != want) {
      problems.add(at(p), "", "unexpected end of input");
      throw new Stop();
    }
  }

  private Location at(JsonParser p) {
    return at(p, "");
  }

  private Location at(JsonParser p, String path) {
    return at(p.currentTokenLocation(), path);
  }

  private Location at(JsonLocation l) {
    return at(l, "");
  }

  private Location at(JsonLocation l, String path) {
    return new Location(file, Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()), path);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }

  static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** Ends reading after a problem that makes the rest of the file meaningless. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }
}
