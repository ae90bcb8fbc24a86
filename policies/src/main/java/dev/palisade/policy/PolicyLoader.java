package dev.palisade.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.palisade.Action;
import dev.palisade.BlockBehavior;
import dev.palisade.Decision;
import dev.palisade.PolicyInfo;
import dev.palisade.Rule;
import dev.palisade.detect.Channel;
import dev.palisade.detect.Detector;
import dev.palisade.detect.EntityType;
import dev.palisade.policy.Node.Field;
import dev.palisade.policy.Node.ListNode;
import dev.palisade.policy.Node.MapNode;
import dev.palisade.policy.Node.ScalarNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads a policy and its bases, checks them against the schema and each other, merges them, and
 * builds the {@link Policy}: the one place that knows the file format.
 *
 * <p>Every problem of every file is collected before anything is thrown, so one run of
 * {@code palisade policy validate} shows them all.
 */
final class PolicyLoader {

  static final int MAX_EXTENDS_DEPTH = 16;
  static final String PACKS = "/dev/palisade/policy/packs/";

  private final DetectorRegistry registry;
  private final Function<String, String> env;
  private final Problems problems = new Problems();
  /** Directory of each file by its display name, for paths relative to the file naming them. */
  private final Map<String, Path> dirs = new HashMap<>();
  /** The anonymizer holds one operator per entity type; which rule set each, for conflicts. */
  private final Map<EntityType, AnonymizeOperator> typeOperators = new LinkedHashMap<>();
  private final Map<EntityType, String> typeOperatorRule = new HashMap<>();

  PolicyLoader(DetectorRegistry registry, Function<String, String> env) {
    this.registry = registry;
    this.env = env;
  }

  /** A file or a bundled pack. */
  record Source(String display, Path file, String pack) {
    static Source file(Path p) {
      return new Source(p.toString(), p, null);
    }

    static Source pack(String name) {
      return new Source("pack:" + name, null, name);
    }

    String key() {
      return file != null ? file.toAbsolutePath().normalize().toString() : display;
    }
  }

  Policy load(Source source, boolean tenantAllowed) {
    MapNode tree = resolve(source, new ArrayList<>(), null);
    problems.throwIfAny();
    Policy p = bind(tree, source, tenantAllowed);
    problems.throwIfAny();
    return p;
  }

  // ---- reading and merging --------------------------------------------------------------------

  private MapNode resolve(Source source, List<String> stack, Location referencedAt) {
    if (stack.contains(source.key())) {
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(source.key()), stack.size()));
      cycle.add(source.key());
      problems.add(referencedAt, referencedAt.path(), "extends cycle: " + String.join(" -> ", shortNames(cycle)));
      return null;
    }
    if (stack.size() >= MAX_EXTENDS_DEPTH) {
      problems.add(referencedAt, referencedAt.path(), "extends more than " + MAX_EXTENDS_DEPTH + " levels deep");
      return null;
    }
    byte[] bytes = read(source, referencedAt);
    if (bytes == null) {
      return null;
    }
    if (source.file() != null) {
      Path parent = source.file().toAbsolutePath().getParent();
      dirs.put(source.display(), parent);
    }
    boolean json = source.file() != null && source.file().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    Node root = TreeReader.read(bytes, source.display(), json, problems);
    if (root == null) {
      return null;
    }
    int before = problems.size();
    Schema.get().validate(root, problems);
    if (!(root instanceof MapNode map)) {
      return null;
    }
    checkUniqueIds(map.get("rules"), "rules", "rule");
    checkUniqueIds(map.get("canaries"), "canaries", "canary");
    if (problems.size() > before) {
      // The structure is wrong, so the file cannot be bound; still report what else is wrong.
      checkDetectorNames(map.get("rules"));
      return null;
    }
    List<String> inner = new ArrayList<>(stack);
    inner.add(source.key());
    MapNode merged = new MapNode(map.location(), Map.of());
    for (ScalarNode ref : refs(map.get("extends"))) {
      Source base = source(source, (String) ref.value(), ref.location());
      if (base == null) {
        continue;
      }
      MapNode b = resolve(base, inner, ref.location());
      if (b != null) {
        merged = merge(merged, b);
      }
    }
    return merge(merged, map);
  }

  private static List<String> shortNames(List<String> keys) {
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      out.add(k.startsWith("pack:") ? k : Path.of(k).getFileName().toString());
    }
    return out;
  }

  private byte[] read(Source source, Location referencedAt) {
    Location at = referencedAt != null ? referencedAt : Location.start(source.display());
    if (source.pack() != null) {
      try (InputStream in = PolicyLoader.class.getResourceAsStream(PACKS + source.pack() + ".yaml")) {
        if (in == null) {
          problems.add(at, at.path(), "no bundled pack \"" + TreeReader.clip(source.pack()) + "\"; bundled packs: "
              + String.join(", ", Policies.BUNDLED));
          return null;
        }
        return in.readNBytes(TreeReader.MAX_BYTES + 1);
      } catch (IOException e) {
        problems.add(at, at.path(), "cannot read bundled pack " + source.pack());
        return null;
      }
    }
    try {
      long size = Files.size(source.file());
      if (size > TreeReader.MAX_BYTES) {
        problems.add(Location.start(source.display()), "", "file is " + size + " bytes; the limit is " + TreeReader.MAX_BYTES);
        return null;
      }
      return Files.readAllBytes(source.file());
    } catch (IOException | RuntimeException e) {
      problems.add(at, at.path(), referencedAt == null ? "cannot read file (" + e.getClass().getSimpleName() + ")"
          : "cannot read base policy " + source.display() + " (" + e.getClass().getSimpleName() + ")");
      return null;
    }
  }

  /** The source {@code ref} names: a bundled pack, or a file relative to {@code from}. */
  private Source source(Source from, String ref, Location at) {
    if (Policies.BUNDLED.contains(ref)) {
      return Source.pack(ref);
    }
    if (from.pack() != null) {
      problems.add(at, at.path(), "a bundled pack can only extend bundled packs: " + String.join(", ", Policies.BUNDLED));
      return null;
    }
    try {
      Path p = from.file().getFileSystem().getPath(ref);
      return Source.file(p.isAbsolute() ? p : from.file().toAbsolutePath().getParent().resolve(p).normalize());
    } catch (RuntimeException e) {
      problems.add(at, at.path(), "\"" + TreeReader.clip(ref) + "\" is neither a bundled pack ("
          + String.join(", ", Policies.BUNDLED) + ") nor a file path");
      return null;
    }
  }

  private static List<ScalarNode> refs(Node extendsNode) {
    List<ScalarNode> out = new ArrayList<>();
    if (extendsNode instanceof ScalarNode s) {
      out.add(s);
    } else if (extendsNode instanceof ListNode l) {
      for (Node n : l.items()) {
        out.add((ScalarNode) n);
      }
    }
    return out;
  }

  private void checkDetectorNames(Node list) {
    if (!(list instanceof ListNode l)) {
      return;
    }
    for (Node item : l.items()) {
      if (item instanceof MapNode m && m.get("detector") instanceof ScalarNode s && s.value() instanceof String name) {
        Optional<DetectorType> type = registry.type(name);
        if (type.isEmpty()) {
          problems.add(s, s.location().path(), "\"" + TreeReader.clip(name) + "\" is not a known detector; known detectors: "
              + String.join(", ", registry.names()));
        } else if (!type.get().available()) {
          problems.add(s, s.location().path(), type.get().whyMissing());
        }
      }
    }
  }

  private void checkUniqueIds(Node list, String path, String what) {
    if (!(list instanceof ListNode l)) {
      return;
    }
    Map<String, Node> seen = new HashMap<>();
    for (Node item : l.items()) {
      Node id = item instanceof MapNode m ? m.get("id") : null;
      if (id instanceof ScalarNode s && s.value() instanceof String) {
        Node first = seen.putIfAbsent((String) s.value(), item);
        if (first != null) {
          problems.add(s, s.location().path(), what + " id \"" + s.value() + "\" is already used at line "
              + first.location().line());
        }
      }
    }
  }

  /**
   * {@code over} laid on {@code base}: rules and canaries merge by id (a rule field by field),
   * lists are joined, keys, tenants and audit merge by name, anything else is replaced. Test cases,
   * the description, the version and {@code extends} are not inherited.
   */
  static MapNode merge(MapNode base, MapNode over) {
    Map<String, Field> out = new LinkedHashMap<>(base.fields());
    out.remove("tests");
    out.remove("description");
    out.remove("version");
    for (Field f : over.fields().values()) {
      Field b = out.get(f.key());
      switch (f.key()) {
        case "extends", "$schema" -> { }
        case "rules", "canaries" -> out.put(f.key(), b == null ? f
            : new Field(f.key(), f.keyLocation(), mergeById((ListNode) b.value(), (ListNode) f.value())));
        case "lists" -> out.put(f.key(), b == null ? f
            : new Field(f.key(), f.keyLocation(), mergeMaps((MapNode) b.value(), (MapNode) f.value(), true)));
        case "keys", "tenants", "audit" -> out.put(f.key(), b == null ? f
            : new Field(f.key(), f.keyLocation(), mergeMaps((MapNode) b.value(), (MapNode) f.value(), false)));
        default -> out.put(f.key(), f);
      }
    }
    return new MapNode(over.location(), out);
  }

  private static ListNode mergeById(ListNode base, ListNode over) {
    List<Node> out = new ArrayList<>(base.items());
    for (Node o : over.items()) {
      MapNode om = (MapNode) o;
      Object id = ((ScalarNode) om.get("id")).value();
      int i = indexOf(out, id);
      if (i < 0) {
        out.add(om);
      } else {
        Map<String, Field> fields = new LinkedHashMap<>(((MapNode) out.get(i)).fields());
        fields.putAll(om.fields());
        out.set(i, new MapNode(om.location(), fields));
      }
    }
    return new ListNode(over.location(), out);
  }

  private static int indexOf(List<Node> items, Object id) {
    for (int i = 0; i < items.size(); i++) {
      if (((ScalarNode) ((MapNode) items.get(i)).get("id")).value().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static MapNode mergeMaps(MapNode base, MapNode over, boolean joinLists) {
    Map<String, Field> out = new LinkedHashMap<>(base.fields());
    for (Field f : over.fields().values()) {
      Field b = out.get(f.key());
      if (joinLists && b != null && b.value() instanceof ListNode bl && f.value() instanceof ListNode ol) {
        List<Node> items = new ArrayList<>(bl.items());
        items.addAll(ol.items());
        out.put(f.key(), new Field(f.key(), f.keyLocation(), new ListNode(ol.location(), items)));
      } else {
        out.put(f.key(), f);
      }
    }
    return new MapNode(over.location(), out);
  }

  // ---- binding --------------------------------------------------------------------------------

  /** Reads a mapping and, once done, checks that every key the schema allowed was read. */
  private static final class Obj {
    final MapNode node;
    final Set<String> read = new HashSet<>();

    Obj(Node node) {
      this.node = (MapNode) node;
    }

    Node get(String key) {
      read.add(key);
      return node.get(key);
    }

    Optional<String> string(String key) {
      Node n = get(key);
      return n == null ? Optional.empty() : Optional.of((String) ((ScalarNode) n).value());
    }

    Optional<Object> scalar(String key) {
      Node n = get(key);
      return n == null ? Optional.empty() : Optional.ofNullable(((ScalarNode) n).value());
    }

    /** The schema and this loader must agree; a key allowed by one and ignored by the other is a bug. */
    void done(String path) {
      for (String k : node.fields().keySet()) {
        if (!read.contains(k)) {
          throw new IllegalStateException("the schema allows " + Schema.join(path, k) + " but the loader ignores it");
        }
      }
    }
  }

  private Policy bind(MapNode tree, Source source, boolean tenantAllowed) {
    Obj top = new Obj(tree);
    Policy.Builder b = new Policy.Builder();
    String id = top.string("id").orElseThrow();
    String version = top.string("version").orElse("1");
    top.get("$schema");
    top.get("extends");
    b.description = top.string("description").orElse("");
    b.mode = top.string("mode").map(PolicyLoader::mode).orElse(Policy.Mode.ENFORCE);
    b.onBlock = onBlock(top.get("onBlock"));
    b.streamingWindow = top.scalar("streamingWindow").map(v -> ((Number) v).intValue()).orElse(512);
    Node lists = top.get("lists");
    if (lists != null) {
      Obj l = new Obj(lists);
      b.allowList = strings(l.get("allow"));
      b.denyList = strings(l.get("deny"));
      l.done("lists");
    }
    List<String> canaryValues = new ArrayList<>();
    b.canaryIds = canaries(top.get("canaries"), canaryValues);
    b.keys = keys(top.get("keys"));
    b.audit = audit(top.get("audit"), b.keys);
    Node tenantsNode = top.get("tenants");
    b.tenants = tenants(tenantsNode, source, tenantAllowed);
    List<PolicyRule> rules = new ArrayList<>();
    List<Rule> guardRules = new ArrayList<>();
    Node rulesNode = top.get("rules");
    if (rulesNode != null) {
      for (Node r : ((ListNode) rulesNode).items()) {
        rule(r, b, canaryValues, rules, guardRules);
      }
    }
    if (!b.denyList.isEmpty()) {
      denyRule(b, tree.get("lists"), rules, guardRules);
    }
    b.rules = rules;
    b.guardRules = guardRules;
    b.operators = typeOperators;
    Set<String> opKeys = new java.util.TreeSet<>();
    typeOperators.values().forEach(op -> op.key().ifPresent(opKeys::add));
    if (opKeys.size() > 1) {
      problems.add(rulesNode, "rules", "operators name keys " + String.join(", ", opKeys)
          + "; the anonymizer holds one keyset, so every operator must name the same key");
    }
    b.anonymizerKey = opKeys.stream().findFirst();
    Node testsNode = top.get("tests");
    b.tests = tests(testsNode, b.tenants);
    top.done("");
    b.source = source.file();
    b.env = env;
    b.info = new PolicyInfo(id, version, sha256(tree));
    b.effective = yaml(tree);
    return b.build();
  }

  private static Policy.Mode mode(String s) {
    return Policy.Mode.valueOf(s.toUpperCase(Locale.ROOT));
  }

  private BlockBehavior onBlock(Node node) {
    if (node == null) {
      return BlockBehavior.throwException();
    }
    Obj o = new Obj(node);
    String behavior = o.string("behavior").orElseThrow();
    Optional<String> message = o.string("message");
    o.done("onBlock");
    if (behavior.equals("refuse")) {
      if (message.isEmpty() || message.get().isBlank()) {
        problems.add(node, "onBlock", "behavior refuse needs a message");
        return BlockBehavior.throwException();
      }
      return BlockBehavior.refuse(message.get());
    }
    if (message.isPresent()) {
      problems.add(node, "onBlock", "message is only used with behavior refuse");
    }
    return BlockBehavior.throwException();
  }

  private static List<String> strings(Node node) {
    List<String> out = new ArrayList<>();
    if (node instanceof ListNode l) {
      for (Node n : l.items()) {
        String s = (String) ((ScalarNode) n).value();
        if (!out.contains(s)) {
          out.add(s);
        }
      }
    } else if (node instanceof ScalarNode s) {
      out.add((String) s.value());
    }
    return out;
  }

  private List<String> canaries(Node node, List<String> values) {
    List<String> ids = new ArrayList<>();
    if (node == null) {
      return ids;
    }
    for (Node n : ((ListNode) node).items()) {
      Obj o = new Obj(n);
      String id = o.string("id").orElseThrow();
      Optional<String> value = o.string("value");
      Optional<String> var = o.string("env");
      Optional<String> file = o.string("file");
      o.done(n.location().path());
      String path = n.location().path();
      int sources = (value.isPresent() ? 1 : 0) + (var.isPresent() ? 1 : 0) + (file.isPresent() ? 1 : 0);
      if (sources != 1) {
        problems.add(n, path, "a canary needs exactly one of value, env, file");
        continue;
      }
      String token = value.orElse(null);
      if (var.isPresent()) {
        token = env.apply(var.get());
        if (token == null || token.isBlank()) {
          problems.add(n, path + ".env", "environment variable " + var.get() + " is not set");
          continue;
        }
      } else if (file.isPresent()) {
        Path p = relative(n, file.get());
        try {
          token = Files.readString(p, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
          problems.add(n, path + ".file", "cannot read canary file " + p + " (" + e.getClass().getSimpleName() + ")");
          continue;
        }
      }
      if (token.strip().length() < 8) {
        problems.add(n, path, "a canary token must be at least 8 characters");
        continue;
      }
      ids.add(id);
      values.add(token.strip());
    }
    return ids;
  }

  /**
   * {@code p} resolved against the directory of the file that declares it. These are files the
   * guard writes or keeps secret (audit log, keys, canary), so a policy read from a jar must name
   * them with an absolute path: resolving into the jar, or against the working directory, would
   * surprise.
   */
  private Path relative(Node declaredIn, String p) {
    Path path = Path.of(p);
    Path dir = dirs.get(declaredIn.location().file());
    if (path.isAbsolute() || dir == null) {
      return path;
    }
    if (dir.getFileSystem() != FileSystems.getDefault()) {
      problems.add(declaredIn, declaredIn.location().path(), "\"" + TreeReader.clip(p)
          + "\" is relative, in a policy read from a jar; name the file with an absolute path");
      return path;
    }
    return dir.resolve(path).normalize();
  }

  private Map<String, KeyRef> keys(Node node) {
    Map<String, KeyRef> keys = new LinkedHashMap<>();
    if (node == null) {
      return keys;
    }
    for (Field f : ((MapNode) node).fields().values()) {
      Obj o = new Obj(f.value());
      Optional<String> var = o.string("env");
      Optional<String> file = o.string("file");
      Optional<String> master = o.string("masterKey");
      o.done("keys." + f.key());
      if (var.isPresent() == file.isPresent()) {
        problems.add(f.value(), "keys." + f.key(), "a key needs exactly one of env, file (key material is never written in a policy)");
        continue;
      }
      if (file.isPresent() != master.isPresent()) {
        problems.add(f.value(), "keys." + f.key(), file.isPresent() ? "a keyset file needs the masterKey it is wrapped under"
            : "masterKey only applies to a keyset file");
        continue;
      }
      keys.put(f.key(), var.isPresent() ? new KeyRef(f.key(), KeyRef.Source.ENV, var.get(), Optional.empty())
          : new KeyRef(f.key(), KeyRef.Source.FILE, relative(f.value(), file.get()).toString(), master));
    }
    for (KeyRef k : keys.values()) {
      if (k.masterKey().isPresent()) {
        KeyRef m = keys.get(k.masterKey().get());
        MapNode km = (MapNode) ((MapNode) node).get(k.name());
        if (m == null) {
          keyExists(k.masterKey(), keys, km.get("masterKey"), "keys." + k.name() + ".masterKey");
        } else if (m.source() != KeyRef.Source.ENV) {
          problems.add(km.get("masterKey"), "keys." + k.name() + ".masterKey", "a master key must come from env");
        }
      }
    }
    return keys;
  }

  private AuditSettings audit(Node node, Map<String, KeyRef> keys) {
    if (node == null) {
      return AuditSettings.NONE;
    }
    Obj o = new Obj(node);
    Optional<String> dir = o.string("directory");
    boolean enabled = o.scalar("enabled").map(v -> (Boolean) v).orElse(dir.isPresent());
    long rotateBytes = o.scalar("rotateBytes").map(v -> ((Number) v).longValue()).orElse(AuditSettings.DEFAULT_ROTATE_BYTES);
    Optional<Duration> rotateAfter = o.string("rotateAfter").map(PolicyLoader::duration);
    Optional<Duration> retention = o.string("retention").map(PolicyLoader::duration);
    AuditSettings.PayloadCapture payloads = o.string("payloads")
        .map(s -> AuditSettings.PayloadCapture.valueOf(s.toUpperCase(Locale.ROOT)))
        .orElse(AuditSettings.PayloadCapture.NONE);
    Optional<String> keyDir = o.string("keyDirectory");
    Optional<String> masterKey = o.string("masterKey");
    o.done("audit");
    MapNode m = (MapNode) node;
    if (enabled) {
      for (String required : List.of("directory", "keyDirectory", "masterKey")) {
        if (m.get(required) == null) {
          problems.add(node, "audit", "an enabled audit log needs " + required);
        }
      }
    }
    keyExists(masterKey, keys, m.get("masterKey"), "audit.masterKey");
    return new AuditSettings(enabled, dir.map(p -> relative(node, p)), rotateBytes, rotateAfter, retention,
        payloads, keyDir.map(p -> relative(node, p)), masterKey);
  }

  private void keyExists(Optional<String> name, Map<String, KeyRef> keys, Node at, String path) {
    if (name.isPresent() && !keys.containsKey(name.get())) {
      problems.add(at, path, "no key \"" + name.get() + "\" in keys" + (keys.isEmpty() ? " (keys is empty)"
          : "; declared keys: " + String.join(", ", keys.keySet())));
    }
  }

  static Duration duration(String s) {
    int unitAt = s.length() - (s.endsWith("ms") ? 2 : 1);
    long n = Long.parseLong(s.substring(0, unitAt));
    return switch (s.substring(unitAt)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalStateException("schema lets through duration " + s);
    };
  }

  private Map<String, Policy> tenants(Node node, Source source, boolean allowed) {
    Map<String, Policy> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!allowed) {
      problems.add(node, "tenants", "a tenant's policy cannot have tenants of its own");
      return out;
    }
    for (Field f : ((MapNode) node).fields().values()) {
      ScalarNode ref = (ScalarNode) f.value();
      Source s = source(source, (String) ref.value(), ref.location());
      if (s == null) {
        continue;
      }
      if (s.key().equals(source.key())) {
        problems.add(ref, "tenants." + f.key(), "a policy cannot name itself as a tenant's policy");
        continue;
      }
      try {
        out.put(f.key(), new PolicyLoader(registry, env).load(s, false));
      } catch (PolicyException e) {
        problems.addAll(e.problems());
      }
    }
    return out;
  }

  private void rule(Node node, Policy.Builder policy, List<String> canaries, List<PolicyRule> rules,
      List<Rule> guardRules) {
    Obj o = new Obj(node);
    MapNode m = (MapNode) node;
    String path = node.location().path();
    String id = o.string("id").orElseThrow();
    boolean enabled = o.scalar("enabled").map(v -> (Boolean) v).orElse(true);
    boolean optional = o.scalar("optional").map(v -> (Boolean) v).orElse(false);
    Optional<String> detectorName = o.string("detector");
    String description = o.string("description").orElse("");
    List<String> requirements = strings(o.get("requirements"));
    Map<String, Object> options = options(o.get("options"));
    Set<Channel> channels = channels(o.get("channels"));
    Set<EntityType> entities = new LinkedHashSet<>();
    for (String e : strings(o.get("entities"))) {
      entities.add(EntityType.of(e));
    }
    Optional<Double> minScore = o.scalar("minScore").map(v -> ((Number) v).doubleValue());
    Optional<Action> action = o.string("action").map(PolicyLoader::action);
    Map<EntityType, Action> actions = new LinkedHashMap<>();
    Node actionsNode = o.get("actions");
    if (actionsNode != null) {
      for (Field f : ((MapNode) actionsNode).fields().values()) {
        actions.put(EntityType.of(f.key()), action((String) ((ScalarNode) f.value()).value()));
      }
    }
    Node operatorNode = o.get("operator");
    AnonymizeOperator operator = operatorNode == null ? AnonymizeOperator.REPLACE : operator(operatorNode, policy.keys);
    Map<EntityType, AnonymizeOperator> operators = new LinkedHashMap<>();
    Node operatorsNode = o.get("operators");
    if (operatorsNode != null) {
      for (Field f : ((MapNode) operatorsNode).fields().values()) {
        operators.put(EntityType.of(f.key()), operator(f.value(), policy.keys));
      }
    }
    Optional<Policy.Mode> mode = o.string("mode").map(PolicyLoader::mode);
    boolean failOpen = o.scalar("failOpen").map(v -> (Boolean) v).orElse(false);
    Optional<Duration> timeout = o.string("timeout").map(PolicyLoader::duration);
    o.done(path);
    if (!enabled) {
      return;
    }
    if (detectorName.isEmpty()) {
      problems.add(node, path, "rule \"" + id + "\" needs a detector (only a rule overriding a base rule of the same id"
          + " may leave it out); available detectors: " + String.join(", ", registry.availableNames()));
      return;
    }
    Node detectorNode = m.get("detector");
    Optional<DetectorType> type = registry.type(detectorName.get());
    if (type.isEmpty()) {
      problems.add(detectorNode, path + ".detector", "\"" + detectorName.get() + "\" is not a known detector; known detectors: "
          + String.join(", ", registry.names()));
      return;
    }
    if (!type.get().available() && optional) {
      policy.skipped.add(id);
      return;
    }
    if (!type.get().available()) {
      problems.add(detectorNode, path + ".detector", type.get().whyMissing() + "; available detectors: "
          + String.join(", ", registry.availableNames()));
      return;
    }
    boolean optionsOk = true;
    Node optionsNode = m.get("options");
    if (optionsNode != null) {
      for (Field f : ((MapNode) optionsNode).fields().values()) {
        if (!type.get().options().contains(f.key())) {
          optionsOk = false;
          problems.add(f.keyLocation(), path + ".options", "detector \"" + type.get().name() + "\" has no option \""
              + TreeReader.clip(f.key()) + "\"" + (type.get().options().isEmpty() ? "; it takes no options"
              : "; its options: " + String.join(", ", new java.util.TreeSet<>(type.get().options()))));
        }
      }
    }
    if (!optionsOk) {
      return;
    }
    Detector detector;
    try {
      detector = registry.detector(type.get().name(), new DetectorOptions(options, canaries));
    } catch (IllegalArgumentException e) {
      problems.add(optionsNode != null ? optionsNode : node, path + (optionsNode != null ? ".options" : ""),
          TreeReader.firstLine(e.getMessage()));
      return;
    } catch (RuntimeException e) {
      problems.add(detectorNode, path + ".detector", "detector \"" + type.get().name() + "\" could not be made ("
          + e.getClass().getSimpleName() + ")");
      return;
    }
    Set<EntityType> reported = detector.types();
    checkTypes(entities, reported, m.get("entities"), path + ".entities", type.get().name());
    checkTypes(actions.keySet(), reported, actionsNode, path + ".actions", type.get().name());
    checkTypes(operators.keySet(), reported, operatorsNode, path + ".operators", type.get().name());
    checkCardMasking(operator, operators, operatorNode, operatorsNode, path);
    Action act = action.orElse(type.get().action());
    boolean anonymizes = act == Action.ANONYMIZE || actions.containsValue(Action.ANONYMIZE);
    if (!anonymizes && (operatorNode != null || operatorsNode != null)) {
      problems.add(operatorNode != null ? operatorNode : operatorsNode, path + (operatorNode != null ? ".operator" : ".operators"),
          "operators only apply to the anonymize action, and no action of this rule is anonymize");
    }
    for (EntityType t : entities.isEmpty() ? reported : entities) {
      if (actions.getOrDefault(t, act) == Action.ANONYMIZE) {
        AnonymizeOperator op = operators.getOrDefault(t, operator);
        AnonymizeOperator before = typeOperators.putIfAbsent(t, op);
        if (before == null) {
          typeOperatorRule.put(t, id);
        } else if (!before.equals(op)) {
          problems.add(node, path, "anonymizes " + t + " with " + op.type().id() + ", but rule \""
              + typeOperatorRule.get(t) + "\" anonymizes it with " + before.type().id()
              + "; there is one operator per entity type (use actions: {" + t + ": allow} in one of them)");
        }
      }
    }
    Set<Channel> ch = channels.isEmpty() ? type.get().channels() : channels;
    Policy.Mode effectiveMode = mode.orElse(policy.mode);
    rules.add(new PolicyRule(id, description, requirements, type.get().name(), options, ch, entities,
        minScore.orElse(0.5), act, actions, operator, operators, effectiveMode, failOpen, timeout));
    Rule.Builder rb = Rule.builder(id, FilteringDetector.of(detector, entities, policy.allowList))
        .channels(ch)
        .minScore(minScore.orElse(0.5))
        .action(act)
        .monitor(effectiveMode == Policy.Mode.MONITOR)
        .failOpen(failOpen);
    actions.forEach(rb::action);
    timeout.ifPresent(t -> {
      if (t.isZero()) {
        problems.add(m.get("timeout"), path + ".timeout", "must be longer than 0");
      } else {
        rb.timeout(t);
      }
    });
    guardRules.add(rb.build());
  }

  /** PCI DSS 3.4.1: a displayed card number shows at most its first 6 and last 4 digits. */
  private void checkCardMasking(AnonymizeOperator operator, Map<EntityType, AnonymizeOperator> operators,
      Node operatorNode, Node operatorsNode, String path) {
    AnonymizeOperator card = operators.getOrDefault(EntityType.CREDIT_CARD, operator);
    if (card.type() == AnonymizeOperator.Type.MASK && (card.keepFirst() > 6 || card.keepLast() > 4)) {
      boolean own = operators.containsKey(EntityType.CREDIT_CARD);
      problems.add(own ? ((MapNode) operatorsNode).get("CREDIT_CARD") : operatorNode,
          path + (own ? ".operators.CREDIT_CARD" : ".operator"),
          "a masked card number may show at most its first 6 and last 4 digits (PCI DSS 3.4.1)");
    }
  }

  private void checkTypes(Set<EntityType> named, Set<EntityType> reported, Node at, String path, String detector) {
    for (EntityType t : named) {
      if (!reported.contains(t)) {
        List<String> names = new ArrayList<>();
        new java.util.TreeSet<>(reported).forEach(r -> names.add(r.name()));
        problems.add(at, path, "detector \"" + detector + "\" never reports " + t.name() + "; it reports: "
            + String.join(", ", names));
      }
    }
  }

  private void denyRule(Policy.Builder policy, Node listsNode, List<PolicyRule> rules, List<Rule> guardRules) {
    Node at = ((MapNode) listsNode).get("deny");
    String id = "lists.deny";
    for (PolicyRule r : rules) {
      if (r.id().equals(id)) {
        problems.add(at, "lists.deny", "a rule is already named " + id);
        return;
      }
    }
    Map<String, Object> options = Map.of("terms", policy.denyList);
    Detector d = registry.detector("deny-list", new DetectorOptions(options, List.of()));
    rules.add(new PolicyRule(id, "the policy's deny list", List.of(), "deny-list", options,
        EnumSet.allOf(Channel.class), Set.of(), 0.5, Action.BLOCK, Map.of(), AnonymizeOperator.REPLACE, Map.of(),
        policy.mode, false, Optional.empty()));
    guardRules.add(Rule.builder(id, d).channels(EnumSet.allOf(Channel.class)).action(Action.BLOCK)
        .monitor(policy.mode == Policy.Mode.MONITOR).build());
  }

  private static Map<String, Object> options(Node node) {
    if (node == null) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) plain(node);
    return m;
  }

  /** A node as plain Java values: Map, List, String, Number, Boolean (null values dropped). */
  static Object plain(Node node) {
    if (node instanceof MapNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.fields().forEach((k, f) -> {
        Object v = plain(f.value());
        if (v != null) {
          out.put(k, v);
        }
      });
      return out;
    } else if (node instanceof ListNode l) {
      List<Object> out = new ArrayList<>();
      for (Node n : l.items()) {
        Object v = plain(n);
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
    Object v = ((ScalarNode) node).value();
    return v instanceof Integer i ? Long.valueOf(i) : v instanceof Float f ? Double.valueOf(f) : v;
  }

  private static Set<Channel> channels(Node node) {
    Set<Channel> out = EnumSet.noneOf(Channel.class);
    for (String s : strings(node)) {
      out.add(Channel.fromId(s));
    }
    return out;
  }

  private static Action action(String s) {
    return Action.valueOf(s.toUpperCase(Locale.ROOT));
  }

  private AnonymizeOperator operator(Node node, Map<String, KeyRef> keys) {
    String path = node.location().path();
    if (node instanceof ScalarNode s) {
      AnonymizeOperator.Type t = AnonymizeOperator.Type.valueOf(((String) s.value()).toUpperCase(Locale.ROOT));
      if (t.needsKey()) {
        problems.add(node, path, "operator " + t.id() + " needs a key: write {type: " + t.id() + ", key: NAME}");
      }
      return AnonymizeOperator.of(t);
    }
    Obj o = new Obj(node);
    AnonymizeOperator.Type t = AnonymizeOperator.Type.valueOf(o.string("type").orElseThrow().toUpperCase(Locale.ROOT));
    Optional<Object> keepFirst = o.scalar("keepFirst");
    Optional<Object> keepLast = o.scalar("keepLast");
    Optional<String> key = o.string("key");
    o.done(path);
    MapNode m = (MapNode) node;
    if (t != AnonymizeOperator.Type.MASK && (keepFirst.isPresent() || keepLast.isPresent())) {
      problems.add(node, path, "keepFirst and keepLast only apply to operator mask");
    }
    if (t.needsKey() && key.isEmpty()) {
      problems.add(node, path, "operator " + t.id() + " needs a key (a name from keys)");
    }
    if (!t.needsKey() && key.isPresent()) {
      problems.add(m.get("key"), path + ".key", "operator " + t.id() + " takes no key");
    }
    keyExists(key, keys, m.get("key"), path + ".key");
    return new AnonymizeOperator(t, keepFirst.map(v -> ((Number) v).intValue()).orElse(0),
        keepLast.map(v -> ((Number) v).intValue()).orElse(keepFirst.isPresent() ? 0 : 4), key);
  }

  private List<PolicyTestCase> tests(Node node, Map<String, Policy> tenants) {
    List<PolicyTestCase> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    for (Node n : ((ListNode) node).items()) {
      Obj o = new Obj(n);
      String name = o.string("name").orElseThrow();
      Channel channel = o.string("channel").map(Channel::fromId).orElse(Channel.USER);
      String input = o.string("input").orElseThrow();
      Optional<String> tenant = o.string("tenant");
      Obj e = new Obj(o.get("expect"));
      o.done(n.location().path());
      Optional<Decision> decision = e.string("decision").map(s -> Decision.valueOf(s.toUpperCase(Locale.ROOT)));
      Set<EntityType> findings = new LinkedHashSet<>();
      strings(e.get("findings")).forEach(s -> findings.add(EntityType.of(s)));
      Set<EntityType> absent = new LinkedHashSet<>();
      strings(e.get("absent")).forEach(s -> absent.add(EntityType.of(s)));
      Optional<String> text = e.string("text");
      e.done(n.location().path() + ".expect");
      if (tenant.isPresent() && !tenants.containsKey(tenant.get())) {
        problems.add(((MapNode) n).get("tenant"), n.location().path() + ".tenant", "no tenant \""
            + TreeReader.clip(tenant.get()) + "\" in tenants");
      }
      for (EntityType t : findings) {
        if (absent.contains(t)) {
          problems.add(n, n.location().path() + ".expect", t + " is both expected and absent");
        }
      }
      out.add(new PolicyTestCase(name, n.location().toString(), channel, input, tenant, decision, findings, absent, text));
    }
    return out;
  }

  // ---- hashing and printing -------------------------------------------------------------------

  /** SHA-256 of the effective policy in a canonical form: sorted keys, test cases left out. */
  static String sha256(MapNode tree) {
    Map<String, Field> fields = new LinkedHashMap<>(tree.fields());
    fields.remove("tests");
    StringBuilder sb = new StringBuilder();
    canonical(new MapNode(tree.location(), fields), sb);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(64);
      for (byte x : d) {
        hex.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static void canonical(Node node, StringBuilder sb) {
    if (node instanceof MapNode m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Field> e : new TreeMap<>(m.fields()).entrySet()) {
        sb.append(first ? "" : ",");
        first = false;
        quote(e.getKey(), sb);
        sb.append(':');
        canonical(e.getValue().value(), sb);
      }
      sb.append('}');
    } else if (node instanceof ListNode l) {
      sb.append('[');
      for (int i = 0; i < l.items().size(); i++) {
        sb.append(i == 0 ? "" : ",");
        canonical(l.items().get(i), sb);
      }
      sb.append(']');
    } else {
      Object v = ((ScalarNode) node).value();
      if (v instanceof String s) {
        quote(s, sb);
      } else if (v instanceof Number n) {
        sb.append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
      } else {
        sb.append(v);
      }
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build());

  static String yaml(MapNode tree) {
    try {
      return YAML.writeValueAsString(json(tree));
    } catch (IOException e) {
      throw new IllegalStateException("cannot print policy", e);
    }
  }

  static JsonNode json(Node node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof MapNode m) {
      ObjectNode o = f.objectNode();
      m.fields().forEach((k, v) -> o.set(k, json(v.value())));
      return o;
    } else if (node instanceof ListNode l) {
      ArrayNode a = f.arrayNode();
      l.items().forEach(n -> a.add(json(n)));
      return a;
    }
    Object v = ((ScalarNode) node).value();
    if (v == null) {
      return f.nullNode();
    } else if (v instanceof String s) {
      return f.textNode(s);
    } else if (v instanceof Boolean b) {
      return f.booleanNode(b);
    } else if (v instanceof Long l) {
      return f.numberNode(l);
    } else if (v instanceof Integer i) {
      return f.numberNode(i);
    }
    return f.numberNode(new BigDecimal(v.toString()));
  }
}
