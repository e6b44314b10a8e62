package io.github.pneumo.data.cache;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of preparing a cache.
 *
 * @param written files written by this run
 * @param alreadyPresent files found complete from an earlier run and left alone
 * @param failures inputs that were skipped, with the reason
 */
public record PrepareSummary(int written, int alreadyPresent, List<Failure> failures) {

  /** Copies the failure list. */
  public PrepareSummary {
    failures = ImmutableList.copyOf(failures);
  }

  /**
   * One skipped input.
   *
   * @param file the DICOM file
   * @param reason why it was skipped (the error message)
   */
  public record Failure(Path file, String reason) {}

  /**
   * The number of skipped inputs per reason kind (the error message up to its first colon after the
   * path, e.g. the exception type), sorted by kind.
   *
   * @return reason kind to count
   */
  public Map<String, Integer> skippedByReason() {
    Map<String, Integer> out = new TreeMap<>();
    for (Failure f : failures) {
      out.merge(kind(f), 1, Integer::sum);
    }
    return out;
  }

  private static String kind(Failure f) {
    String r = f.reason().replace(f.file().toString(), "<file>");
    int nl = r.indexOf('\n');
    return nl >= 0 ? r.substring(0, nl) : r;
  }

  /**
   * A one-paragraph human summary.
   *
   * @return e.g. "written 10, already present 2, skipped 1 (…: 1)"
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("written ").append(written).append(", already present ").append(alreadyPresent)
        .append(", skipped ").append(failures.size());
    if (!failures.isEmpty()) {
      sb.append(':');
      skippedByReason().forEach((k, n) -> sb.append("\n  ").append(n).append(" × ").append(k));
    }
    return sb.toString();
  }
}
