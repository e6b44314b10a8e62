package io.github.pneumo.djl.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One value of a config file read by {@link ConfigNode}, with typed conversions whose errors name the
 * file, the line and the key ({@code triplets[2]}, {@code scheduler.args.patience}).
 */
public final class ConfigValue {
  private final ConfigNode.Source source;
  private final String key;
  private final Node node;

  ConfigValue(ConfigNode.Source source, String key, Node node) {
    this.source = source;
    this.key = key;
    this.node = node;
  }

  /** @return the dotted key of this value, e.g. {@code scheduler.args.patience} or {@code triplets[2]} */
  public String key() {
    return key;
  }

  /** @return the 1-based line where the value starts */
  public int line() {
    return node.getStartMark().getLine() + 1;
  }

  /**
   * An error about this value.
   *
   * @param message what is wrong, completing "key 'k' ..."
   * @return the exception, naming the file, line and key
   */
  public ConfigException error(String message) {
    return new ConfigException(source.file() + " line " + line() + ": key '" + key + "' " + message);
  }

  /** @return the value as SnakeYAML's safe constructor builds it (String, Integer, Double, Boolean, List, Map, null) */
  public @Nullable Object toJava() {
    return source.construct(node);
  }

  /** @return whether the value is a mapping */
  public boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** @return whether the value is a list */
  public boolean isList() {
    return node instanceof SequenceNode;
  }

  /**
   * A text value (any scalar, as written).
   *
   * @return the text
   * @throws ConfigException for a list, a mapping or null
   */
  public String string() {
    Object v = toJava();
    if (!(node instanceof ScalarNode) || v == null) {
      throw error("must be a text value, got " + describe());
    }
    return v instanceof String s ? s : ((ScalarNode) node).getValue();
  }

  /**
   * A number in a range. A text that parses as a number is accepted, since YAML 1.1 reads {@code 1e-5}
   * (no dot) as text.
   *
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return the number
   * @throws ConfigException when not a number or out of range
   */
  public double number(double min, double max) {
    Object v = toJava();
    double d;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else if (v instanceof String s) {
      try {
        d = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw error("must be a number, got " + describe());
      }
    } else {
      throw error("must be a number, got " + describe());
    }
    if (!(d >= min && d <= max)) {
      throw error("must be in [" + min + ", " + max + "], got " + describe());
    }
    return d;
  }

  /**
   * An integer in a range.
   *
   * @param min the smallest allowed value
   * @param max the largest allowed value
   * @return the integer
   * @throws ConfigException when not an integer or out of range
   */
  public int integer(int min, int max) {
    Object v = toJava();
    if (!(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger)) {
      throw error("must be an integer, got " + describe());
    }
    java.math.BigInteger n = new java.math.BigInteger(v.toString());
    if (n.compareTo(java.math.BigInteger.valueOf(min)) < 0 || n.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      throw error("must be in [" + min + ", " + max + "], got " + n);
    }
    return n.intValue();
  }

  /**
   * A boolean.
   *
   * @return the value
   * @throws ConfigException when not true or false
   */
  public boolean bool() {
    if (!(toJava() instanceof Boolean b)) {
      throw error("must be true or false, got " + describe());
    }
    return b;
  }

  /**
   * A path, resolved against the config file's folder (kept as written when absolute).
   *
   * @return the path
   */
  public Path path() {
    return source.resolve(string());
  }

  /**
   * The items of a list.
   *
   * @return the items, in order
   * @throws ConfigException when not a list
   */
  public List<ConfigValue> list() {
    if (!(node instanceof SequenceNode seq)) {
      throw error("must be a list, got " + describe());
    }
    List<ConfigValue> out = new ArrayList<>();
    List<Node> items = seq.getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(new ConfigValue(source, key + "[" + i + "]", items.get(i)));
    }
    return out;
  }

  /**
   * The value as a mapping whose keys are read strictly.
   *
   * @return the mapping
   * @throws ConfigException when not a mapping
   */
  public ConfigNode mapping() {
    if (!(node instanceof MappingNode m)) {
      throw error("must be a mapping, got " + describe());
    }
    return new ConfigNode(source, key, m);
  }

  private String describe() {
    if (node instanceof ScalarNode s) {
      return "'" + s.getValue() + "'";
    }
    return node instanceof SequenceNode ? "a list" : "a mapping";
  }
}
