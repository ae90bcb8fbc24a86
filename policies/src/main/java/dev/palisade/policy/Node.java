package dev.palisade.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed policy document that remembers where each value came from, so that every problem can
 * be reported at its file, line and column, including after bases are merged.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

  Location location();

  /** A short name of this node's kind for messages ("a mapping", "a list", ...). */
  String kind();

  /** A mapping; keys keep their order and their own location. */
  record MapNode(Location location, Map<String, Field> fields) implements Node {
    public MapNode {
      fields = new LinkedHashMap<>(fields);
    }

    Node get(String key) {
      Field f = fields.get(key);
      return f == null ? null : f.value();
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** One key of a mapping. */
  record Field(String key, Location keyLocation, Node value) {}

  record ListNode(Location location, List<Node> items) implements Node {
    public ListNode {
      items = new ArrayList<>(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A string, boolean, number (Long, BigInteger, Double or BigDecimal) or null. */
  record ScalarNode(Location location, Object value) implements Node {
    boolean isString() {
      return value instanceof String;
    }

    boolean isInteger() {
      return value instanceof Long || value instanceof Integer || value instanceof BigInteger;
    }

    boolean isNumber() {
      return value instanceof Number;
    }

    double asDouble() {
      return ((Number) value).doubleValue();
    }

    @Override
    public String kind() {
      if (value == null) {
        return "null";
      } else if (value instanceof String) {
        return "a string";
      } else if (value instanceof Boolean) {
        return "a boolean";
      } else if (isInteger()) {
        return "a whole number";
      } else if (value instanceof Double || value instanceof BigDecimal || value instanceof Number) {
        return "a number";
      }
      return "a value";
    }
  }
}
