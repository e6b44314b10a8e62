package io.github.pneumo.augment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One map of an augmentation description, read key by key; unknown keys are errors. */
final class SpecEntry {
  private final Map<String, ?> map;
  private final String path;
  private final Set<String> used = new LinkedHashSet<>();

  SpecEntry(Map<String, ?> map, String path) {
    this.map = map;
    this.path = path;
  }

  String path() {
    return path;
  }

  AugmentationSpecException error(String message) {
    return new AugmentationSpecException(path + ": " + message);
  }

  private @Nullable Object raw(String key) {
    used.add(key);
    return map.get(key);
  }

  String string(String key) {
    Object v = raw(key);
    if (!(v instanceof String s)) {
      throw error(v == null ? "missing key '" + key + "'" : "'" + key + "' must be a string, got " + v);
    }
    return s;
  }

  double number(String key, double fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw error("'" + key + "' must be a finite number, got " + v);
    }
    return n.doubleValue();
  }

  double probability(double fallback) {
    double p = number("p", fallback);
    if (p < 0 || p > 1) {
      throw error("'p' must be in [0, 1], got " + p);
    }
    return p;
  }

  int integer(String key, int fallback, int min) {
    double d = number(key, fallback);
    if (d != Math.rint(d) || d < min || d > Integer.MAX_VALUE) {
      throw error("'" + key + "' must be an integer >= " + min + ", got " + d);
    }
    return (int) d;
  }

  int requiredInteger(String key, int min) {
    if (!map.containsKey(key)) {
      used.add(key);
      throw error("missing key '" + key + "'");
    }
    return integer(key, 0, min);
  }

  /**
   * A range as albumentations' to_tuple: a number x gives (bias − x, bias + x), a two-element list is
   * taken as is.
   */
  double[] range(String key, double fallbackLo, double fallbackHi) {
    Object v = raw(key);
    if (v == null) {
      return new double[] {fallbackLo, fallbackHi};
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      double x = Math.abs(n.doubleValue());
      return new double[] {-x, x};
    }
    if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b
        && Double.isFinite(a.doubleValue()) && Double.isFinite(b.doubleValue())
        && a.doubleValue() <= b.doubleValue()) {
      return new double[] {a.doubleValue(), b.doubleValue()};
    }
    throw error("'" + key + "' must be a number or a list [low, high] with low <= high, got " + v);
  }

  double[] triple(String key, double[] fallback) {
    Object v = raw(key);
    if (v == null) {
      return fallback.clone();
    }
    if (v instanceof List<?> l && l.size() == 3 && l.stream().allMatch(o -> o instanceof Number)) {
      return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }
    throw error("'" + key + "' must be a list of 3 numbers, got " + v);
  }

  List<?> list(String key) {
    Object v = raw(key);
    if (!(v instanceof List<?> l)) {
      throw error(v == null ? "missing key '" + key + "'" : "'" + key + "' must be a list, got " + v);
    }
    return l;
  }

  void finish() {
    Set<String> unknown = new LinkedHashSet<>(map.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw error("unknown key" + (unknown.size() > 1 ? "s " : " ") + "'" + String.join("', '", unknown) + "'");
    }
  }
}
