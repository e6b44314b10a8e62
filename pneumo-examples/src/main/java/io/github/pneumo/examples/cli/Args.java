package io.github.pneumo.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A small parser for {@code --key value}, {@code --key=value} and {@code --flag} arguments plus
 * positionals. Every option read is recorded, and {@link #finish()} rejects the ones nobody asked for,
 * so a typo is an error rather than a silent default.
 */
public final class Args {
  private final Map<String, String> options = new LinkedHashMap<>();
  private final List<String> positionals = new ArrayList<>();
  private final Set<String> used = new LinkedHashSet<>();

  private Args() {}

  /**
   * Parses arguments.
   *
   * @param args raw arguments
   * @param flags names (without dashes) of options that take no value
   * @return the parsed arguments
   */
  public static Args parse(List<String> args, Set<String> flags) {
    Args a = new Args();
    for (int i = 0; i < args.size(); i++) {
      String s = args.get(i);
      if (s.startsWith("--") && s.length() > 2) {
        String body = s.substring(2);
        int eq = body.indexOf('=');
        String key = eq >= 0 ? body.substring(0, eq) : body;
        String value;
        if (eq >= 0) {
          value = body.substring(eq + 1);
        } else if (flags.contains(key)) {
          value = "true";
        } else {
          if (i + 1 >= args.size()) {
            throw new UsageException("option --" + key + " needs a value");
          }
          value = args.get(++i);
        }
        if (a.options.put(key, value) != null) {
          throw new UsageException("option --" + key + " given twice");
        }
      } else {
        a.positionals.add(s);
      }
    }
    return a;
  }

  /**
   * @param key option name without dashes
   * @return the value or null when absent
   */
  public @Nullable String optional(String key) {
    used.add(key);
    return options.get(key);
  }

  /**
   * @param key option name
   * @return the value
   * @throws UsageException when absent
   */
  public String required(String key) {
    String v = optional(key);
    if (v == null) {
      throw new UsageException("missing required option --" + key);
    }
    return v;
  }

  /**
   * @param key option name
   * @param fallback value when absent
   * @return the value
   */
  public String string(String key, String fallback) {
    String v = optional(key);
    return v == null ? fallback : v;
  }

  /**
   * @param key option name
   * @return whether the flag was given
   */
  public boolean flag(String key) {
    return Boolean.parseBoolean(string(key, "false"));
  }

  /**
   * @param key option name
   * @param fallback value when absent
   * @param min smallest allowed value
   * @param max largest allowed value
   * @return the integer value
   */
  public int integer(String key, int fallback, int min, int max) {
    String v = optional(key);
    if (v == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + key + " must be an integer, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new UsageException("option --" + key + " must be in [" + min + ", " + max + "], got " + n);
    }
    return n;
  }

  /**
   * @param key option name
   * @param fallback value when absent
   * @param min smallest allowed value
   * @param max largest allowed value
   * @return the number
   */
  public double number(String key, double fallback, double min, double max) {
    String v = optional(key);
    if (v == null) {
      return fallback;
    }
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + key + " must be a number, got '" + v + "'");
    }
    if (!(d >= min && d <= max)) {
      throw new UsageException("option --" + key + " must be in [" + min + ", " + max + "], got " + v);
    }
    return d;
  }

  /**
   * @param key option name
   * @return the path, or null when absent
   */
  public @Nullable Path path(String key) {
    String v = optional(key);
    return v == null ? null : Path.of(v);
  }

  /** @return the positional arguments */
  public List<String> positionals() {
    return positionals;
  }

  /**
   * Rejects options that no accessor read.
   *
   * @throws UsageException naming the unknown options
   */
  public void finish() {
    Set<String> unknown = new LinkedHashSet<>(options.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new UsageException("unknown option" + (unknown.size() > 1 ? "s" : "") + ": --"
          + String.join(", --", unknown));
    }
  }
}
