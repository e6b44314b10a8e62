package io.github.pneumo.examples.cli;

import io.github.pneumo.PneumoException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A flat YAML mapping read with typed accessors that record the keys read; {@link #finish()} rejects
 * keys nobody asked for, so a typo is an error naming the key. Relative paths resolve against the
 * config file's folder.
 */
public final class YamlConfig {
  private final Path file;
  private final Map<String, Object> values;
  private final Set<String> used = new LinkedHashSet<>();

  private YamlConfig(Path file, Map<String, Object> values) {
    this.file = file;
    this.values = values;
  }

  /**
   * Reads a YAML file whose top level is a mapping.
   *
   * @param file the file
   * @return the config
   * @throws PneumoException if the file cannot be read or is not a mapping
   */
  public static YamlConfig read(Path file) {
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new PneumoException("cannot read config " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new PneumoException("config " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new PneumoException("config " + file + ": top level must be a mapping of keys");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    map.forEach((k, v) -> values.put(String.valueOf(k), v));
    return new YamlConfig(file, values);
  }

  /** @return the config file */
  public Path file() {
    return file;
  }

  /**
   * @param key the key
   * @return whether the key is present (and not null)
   */
  public boolean has(String key) {
    used.add(key);
    return values.get(key) != null;
  }

  private @Nullable Object raw(String key) {
    used.add(key);
    return values.get(key);
  }

  private Object require(String key) {
    Object v = raw(key);
    if (v == null) {
      throw new PneumoException("config " + file + ": missing key " + key);
    }
    return v;
  }

  /**
   * @param key the key
   * @return the number
   * @throws PneumoException if absent or not a number
   */
  public double number(String key) {
    Object v = require(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new PneumoException("config " + file + ": key " + key + " must be a number, got '" + v + "'");
  }

  /**
   * @param key the key
   * @param fallback value when absent
   * @return the number
   */
  public double number(String key, double fallback) {
    return has(key) ? number(key) : fallback;
  }

  /**
   * @param key the key
   * @param fallback value when absent
   * @return the integer
   * @throws PneumoException if present but not an integer
   */
  public int integer(String key, int fallback) {
    if (!has(key)) {
      return fallback;
    }
    Object v = raw(key);
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
      return n.intValue();
    }
    throw new PneumoException("config " + file + ": key " + key + " must be an integer, got '" + v + "'");
  }

  /**
   * @param key the key
   * @return the integer
   */
  public int integer(String key) {
    require(key);
    return integer(key, 0);
  }

  /**
   * @param key the key
   * @param fallback value when absent
   * @return the boolean
   */
  public boolean bool(String key, boolean fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new PneumoException("config " + file + ": key " + key + " must be true or false, got '" + v + "'");
  }

  /**
   * @param key the key
   * @param fallback value when absent
   * @return the string
   */
  public String string(String key, String fallback) {
    Object v = raw(key);
    return v == null ? fallback : String.valueOf(v);
  }

  /**
   * A path, resolved against the config file's folder.
   *
   * @param key the key
   * @return the path
   */
  public Path path(String key) {
    return resolve(String.valueOf(require(key)));
  }

  /**
   * Resolves a path against the config file's folder.
   *
   * @param value a path, absolute or relative
   * @return the resolved path
   */
  public Path resolve(String value) {
    Path p = Path.of(value);
    Path dir = file.toAbsolutePath().getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
  }

  /**
   * A list value.
   *
   * @param key the key
   * @return the list
   * @throws PneumoException if absent or not a list
   */
  public java.util.List<?> list(String key) {
    Object v = require(key);
    if (v instanceof java.util.List<?> l && !l.isEmpty()) {
      return l;
    }
    throw new PneumoException("config " + file + ": key " + key + " must be a non-empty list, got '" + v + "'");
  }

  /**
   * A mapping of strings to numbers (e.g. blend weights), in file order.
   *
   * @param key the key
   * @return the mapping
   */
  public Map<String, Double> weights(String key) {
    Object v = require(key);
    if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
      throw new PneumoException("config " + file + ": key " + key + " must be a non-empty mapping of path: weight");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof Number n)) {
        throw new PneumoException("config " + file + ": key " + key + ": weight of '" + e.getKey()
            + "' must be a number, got '" + e.getValue() + "'");
      }
      out.put(String.valueOf(e.getKey()), n.doubleValue());
    }
    return out;
  }

  /**
   * Rejects keys that no accessor read.
   *
   * @throws PneumoException naming the unknown keys
   */
  public void finish() {
    Set<String> unknown = new LinkedHashSet<>(values.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new PneumoException("config " + file + ": unknown key" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown));
    }
  }
}
