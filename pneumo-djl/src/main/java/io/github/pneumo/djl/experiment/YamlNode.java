package io.github.pneumo.djl.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A YAML mapping read strictly: every accessor records its key, and {@link #finish()} rejects keys that
 * nobody read. Errors name the file and the dotted key path ({@code scheduler.args.patience}).
 */
final class YamlNode {
  private final String file;
  private final String path;
  private final Map<String, Object> map;
  private final Set<String> used = new LinkedHashSet<>();
  private final List<YamlNode> children = new ArrayList<>();

  YamlNode(String file, String path, Map<?, ?> map) {
    this.file = file;
    this.path = path;
    this.map = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new ConfigException(file + ": key " + e.getKey() + " under '" + (path.isEmpty() ? "(top)" : path)
            + "' is not a string");
      }
      this.map.put(k, e.getValue());
    }
  }

  String key(String k) {
    return path.isEmpty() ? k : path + "." + k;
  }

  ConfigException error(String k, String message) {
    return new ConfigException(file + ": key '" + key(k) + "' " + message);
  }

  boolean has(String k) {
    used.add(k);
    return map.get(k) != null;
  }

  @Nullable Object raw(String k) {
    used.add(k);
    return map.get(k);
  }

  Object required(String k) {
    Object v = raw(k);
    if (v == null) {
      throw error(k, "is missing");
    }
    return v;
  }

  String string(String k) {
    Object v = required(k);
    if (v instanceof Map || v instanceof List) {
      throw error(k, "must be a text value, got " + v);
    }
    return v.toString();
  }

  String string(String k, String fallback) {
    return has(k) ? string(k) : fallback;
  }

  double number(String k, double fallback, double min, double max) {
    if (!has(k)) {
      return fallback;
    }
    return toNumber(k, required(k), min, max);
  }

  double number(String k, double min, double max) {
    return toNumber(k, required(k), min, max);
  }

  double toNumber(String k, Object v, double min, double max) {
    double d;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else {
      try {
        d = Double.parseDouble(v.toString().trim()); // YAML 1.1 reads 1e-5 (no dot) as a string
      } catch (NumberFormatException e) {
        throw error(k, "must be a number, got '" + v + "'");
      }
    }
    if (!(d >= min && d <= max)) {
      throw error(k, "must be in [" + min + ", " + max + "], got " + v);
    }
    return d;
  }

  int integer(String k, int fallback, int min, int max) {
    if (!has(k)) {
      return fallback;
    }
    return toInteger(k, required(k), min, max);
  }

  int toInteger(String k, Object v, int min, int max) {
    if (!(v instanceof Integer || v instanceof Long)) {
      throw error(k, "must be an integer, got '" + v + "'");
    }
    long n = ((Number) v).longValue();
    if (n < min || n > max) {
      throw error(k, "must be in [" + min + ", " + max + "], got " + n);
    }
    return (int) n;
  }

  boolean bool(String k, boolean fallback) {
    if (!has(k)) {
      return fallback;
    }
    Object v = required(k);
    if (!(v instanceof Boolean b)) {
      throw error(k, "must be true or false, got '" + v + "'");
    }
    return b;
  }

  List<?> list(String k) {
    Object v = required(k);
    if (!(v instanceof List<?> l)) {
      throw error(k, "must be a list, got '" + v + "'");
    }
    return l;
  }

  YamlNode child(String k) {
    Object v = required(k);
    if (!(v instanceof Map<?, ?> m)) {
      throw error(k, "must be a mapping, got '" + v + "'");
    }
    YamlNode c = new YamlNode(file, key(k), m);
    children.add(c);
    return c;
  }

  @Nullable YamlNode optionalChild(String k) {
    return has(k) ? child(k) : null;
  }

  /** Rejects unread keys here and in every child read so far. */
  void finish() {
    for (String k : map.keySet()) {
      if (!used.contains(k)) {
        throw new ConfigException(file + ": unknown key '" + key(k) + "'");
      }
    }
    for (YamlNode c : children) {
      c.finish();
    }
  }
}
