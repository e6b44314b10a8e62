package io.github.pneumo.io;

/** Writing CSV fields (RFC 4180) that every pneumo CSV reader reads back exactly. */
public final class Csv {
  private Csv() {}

  /**
   * One field: as it is, or wrapped in double quotes (inner quotes doubled) when it holds a comma, a
   * quote, a line break, or white space at either end.
   *
   * @param value the value
   * @return the field text
   */
  public static String field(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0 || !value.equals(value.strip());
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
