package io.github.pneumo.djl.experiment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping of a pneumo config file, read strictly: the one reader of train, infer and submit configs
 * and of the reproduction's inference settings.
 *
 * <ul>
 *   <li>a duplicate key anywhere in the file is an error naming both lines;
 *   <li>every accessor records its key, and {@link #finish()} rejects the keys nobody read (a typo is an
 *       error naming the key and its line);
 *   <li>a value of the wrong type or out of range is an error naming the file, the line and the dotted key;
 *   <li>relative paths resolve against the file's folder (normalised).
 * </ul>
 *
 * <p>Errors are {@link ConfigException}s: {@code train.yaml line 12: key 'scheduler.args.patience' must be an
 * integer, got 'two'}. A key whose value is {@code null} counts as absent.
 */
public final class ConfigNode {
  private final Source source;
  private final String path;
  private final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> used = new LinkedHashSet<>();
  private final List<ConfigNode> children = new java.util.ArrayList<>();

  ConfigNode(Source source, String path, MappingNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
    for (NodeTuple t : node.getValue()) {
      entries.put(((ScalarNode) t.getKeyNode()).getValue(), t);
    }
  }

  /** The file a config came from, and SnakeYAML's safe constructor for plain Java values. */
  static final class Source extends SafeConstructor {
    private final Path file;

    Source(Path file, LoaderOptions options) {
      super(options);
      this.file = file;
    }

    Path file() {
      return file;
    }

    @Nullable Object construct(Node n) {
      return constructObject(n);
    }

    Path resolve(String value) {
      Path p = Path.of(value);
      Path dir = file.toAbsolutePath().getParent();
      return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }
  }

  /**
   * Reads a config file whose top level is a mapping.
   *
   * @param file the YAML file
   * @return the top-level mapping
   * @throws ConfigException if the file cannot be read, is not YAML, has a duplicate or non-text key, or its
   *     top level is not a mapping
   */
  public static ConfigNode read(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Node root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(options).compose(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new ConfigException(file + (root == null ? "" : " line " + (root.getStartMark().getLine() + 1))
          + ": the top level must be a mapping of keys");
    }
    checkKeys(file, root);
    return new ConfigNode(new Source(file, options), "", mapping);
  }

  /** Rejects duplicate and non-text keys in every mapping of the document. */
  private static void checkKeys(Path file, Node n) {
    if (n instanceof MappingNode m) {
      Map<String, Integer> seen = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        int line = k.getStartMark().getLine() + 1;
        if (!(k instanceof ScalarNode s) || s.getTag().equals(Tag.NULL) || s.getTag().equals(Tag.MERGE)) {
          throw new ConfigException(file + " line " + line + ": a key must be a text, got "
              + (k instanceof ScalarNode s2 ? "'" + s2.getValue() + "'" : "a " + k.getNodeId()));
        }
        Integer first = seen.putIfAbsent(s.getValue(), line);
        if (first != null) {
          throw new ConfigException(file + " line " + line + ": duplicate key '" + s.getValue() + "' (first at line "
              + first + ")");
        }
        checkKeys(file, t.getValueNode());
      }
    } else if (n instanceof SequenceNode seq) {
      seq.getValue().forEach(item -> checkKeys(file, item));
    }
  }

  /** @return the file this mapping was read from */
  public Path file() {
    return source.file();
  }

  /** @return the 1-based line where this mapping starts */
  public int line() {
    return node.getStartMark().getLine() + 1;
  }

  /**
   * The dotted key of an entry of this mapping.
   *
   * @param k the entry's key
   * @return e.g. {@code scheduler.args.patience}
   */
  public String key(String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  /**
   * An error about an entry, naming its line when present.
   *
   * @param k the entry's key
   * @param message what is wrong, completing "key 'k' ..."
   * @return the exception
   */
  public ConfigException error(String k, String message) {
    NodeTuple t = entries.get(k);
    int line = t != null ? t.getKeyNode().getStartMark().getLine() + 1 : line();
    return new ConfigException(file() + " line " + line + ": key '" + key(k) + "' " + message);
  }

  /**
   * Whether an entry is present with a non-null value; records the key as read.
   *
   * @param k the key
   * @return true when present
   */
  public boolean has(String k) {
    return optional(k) != null;
  }

  /**
   * An entry's value, or null when absent or null; records the key as read.
   *
   * @param k the key
   * @return the value or null
   */
  public @Nullable ConfigValue optional(String k) {
    used.add(k);
    NodeTuple t = entries.get(k);
    if (t == null || (t.getValueNode() instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
      return null;
    }
    return new ConfigValue(source, key(k), t.getValueNode());
  }

  /**
   * A required entry's value; records the key as read.
   *
   * @param k the key
   * @return the value
   * @throws ConfigException when absent or null
   */
  public ConfigValue value(String k) {
    ConfigValue v = optional(k);
    if (v == null) {
      throw new ConfigException(file() + ": key '" + key(k) + "' is missing"
          + (path.isEmpty() ? "" : " (in '" + path + "' at line " + line() + ")"));
    }
    return v;
  }

  /**
   * @param k the key
   * @return the required text value
   */
  public String string(String k) {
    return value(k).string();
  }

  /**
   * @param k the key
   * @param fallback the value when absent
   * @return the text value
   */
  public String string(String k, String fallback) {
    ConfigValue v = optional(k);
    return v == null ? fallback : v.string();
  }

  /**
   * @param k the key
   * @param min smallest allowed
   * @param max largest allowed
   * @return the required number
   */
  public double number(String k, double min, double max) {
    return value(k).number(min, max);
  }

  /**
   * @param k the key
   * @param fallback the value when absent
   * @param min smallest allowed
   * @param max largest allowed
   * @return the number
   */
  public double number(String k, double fallback, double min, double max) {
    ConfigValue v = optional(k);
    return v == null ? fallback : v.number(min, max);
  }

  /**
   * @param k the key
   * @param min smallest allowed
   * @param max largest allowed
   * @return the required integer
   */
  public int integer(String k, int min, int max) {
    return value(k).integer(min, max);
  }

  /**
   * @param k the key
   * @param fallback the value when absent
   * @param min smallest allowed
   * @param max largest allowed
   * @return the integer
   */
  public int integer(String k, int fallback, int min, int max) {
    ConfigValue v = optional(k);
    return v == null ? fallback : v.integer(min, max);
  }

  /**
   * @param k the key
   * @param fallback the value when absent
   * @return the boolean
   */
  public boolean bool(String k, boolean fallback) {
    ConfigValue v = optional(k);
    return v == null ? fallback : v.bool();
  }

  /**
   * @param k the key
   * @return the required path, resolved against the file's folder
   */
  public Path path(String k) {
    return value(k).path();
  }

  /**
   * Resolves a path written in the file against the file's folder.
   *
   * @param value a path, absolute or relative
   * @return the resolved path
   */
  public Path resolve(String value) {
    return source.resolve(value);
  }

  /**
   * @param k the key
   * @return the items of the required list
   */
  public List<ConfigValue> list(String k) {
    return value(k).list();
  }

  /**
   * A required nested mapping; its unread keys are rejected by this mapping's {@link #finish()}.
   *
   * @param k the key
   * @return the mapping
   */
  public ConfigNode child(String k) {
    ConfigNode c = value(k).mapping();
    children.add(c);
    return c;
  }

  /**
   * An optional nested mapping.
   *
   * @param k the key
   * @return the mapping, or null when absent
   */
  public @Nullable ConfigNode optionalChild(String k) {
    return has(k) ? child(k) : null;
  }

  /**
   * Every entry, in file order, all recorded as read (for mappings whose keys are data, such as blend
   * weights by folder).
   *
   * @return key → value (null values included as null)
   */
  public Map<String, @Nullable ConfigValue> entries() {
    Map<String, @Nullable ConfigValue> out = new LinkedHashMap<>();
    for (String k : entries.keySet()) {
      out.put(k, optional(k));
    }
    return out;
  }

  /**
   * Rejects the keys that no accessor read, here and in every nested mapping read so far.
   *
   * @throws ConfigException naming the first unknown key and its line
   */
  public void finish() {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!used.contains(e.getKey())) {
        throw new ConfigException(file() + " line " + (e.getValue().getKeyNode().getStartMark().getLine() + 1)
            + ": unknown key '" + key(e.getKey()) + "'");
      }
    }
    for (ConfigNode c : children) {
      c.finish();
    }
  }
}
