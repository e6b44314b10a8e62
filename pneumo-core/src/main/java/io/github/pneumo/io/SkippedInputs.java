package io.github.pneumo.io;

import java.nio.file.Path;
import java.util.List;

/**
 * The list of inputs a batch ({@code pneumo prepare}, {@code infer}, {@code spark-infer}) went past:
 * {@value #FILE_NAME} with the header {@code input,reason} and one row per skipped input, written
 * atomically (the header alone when none was skipped), and the exit code the CLI returns when it is not
 * empty.
 */
public final class SkippedInputs {
  /** File name of the list. */
  public static final String FILE_NAME = "skipped.csv";
  /** Exit code of a batch verb that finished but skipped inputs (listed in {@value #FILE_NAME}). */
  public static final int EXIT_CODE = 3;

  /**
   * One skipped input.
   *
   * @param input the input's path or URI
   * @param reason why it was skipped (the error message)
   */
  public record Entry(String input, String reason) {}

  private SkippedInputs() {}

  /**
   * Writes the list atomically; line breaks in a reason become spaces so that every row is one line.
   *
   * @param file the list's path (usually {@code <output folder>/skipped.csv})
   * @param entries the skipped inputs, in order
   * @return the file
   */
  public static Path write(Path file, List<Entry> entries) {
    StringBuilder sb = new StringBuilder("input,reason\n");
    for (Entry e : entries) {
      sb.append(Csv.field(oneLine(e.input()))).append(',').append(Csv.field(oneLine(e.reason()))).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
    return file;
  }

  private static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
