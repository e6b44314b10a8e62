package io.github.pneumo.data;

import io.github.pneumo.PneumoException;
import io.github.pneumo.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/** Reading and atomically writing the small text files of this package (plain or gzip, UTF-8). */
final class TextFiles {

  private TextFiles() {}

  /** Receives one line of a text file. */
  @FunctionalInterface
  interface LineHandler {
    /**
     * Handles a line.
     *
     * @param number 1-based line number
     * @param text the line without its terminator; a leading byte-order mark is removed from line 1
     */
    void line(int number, String text);
  }

  /** Writes the content of a file. */
  @FunctionalInterface
  interface Content {
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Reads a UTF-8 text file line by line; gzip is recognised by its magic bytes, whatever the name.
   * A missing final newline is fine; {@code \r\n} line ends are accepted.
   */
  static void forEachLine(Path file, LineHandler handler) {
    int number = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        BufferedReader reader = new BufferedReader(new InputStreamReader(maybeGunzip(raw),
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16)) {
      String line;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        handler.line(number, line);
      }
    } catch (CharacterCodingException e) {
      throw new LabelFormatException(file, number + 1, "not valid UTF-8 text", e);
    } catch (NoSuchFileException e) {
      throw new PneumoException("file not found: " + file, e);
    } catch (ZipException | EOFException e) {
      // only the gzip stream throws these: the file was read, its content is malformed
      throw new LabelFormatException(file, number + 1, "corrupt or truncated gzip data: " + e, e);
    } catch (IOException e) {
      throw new PneumoException("cannot read " + file + " (after line " + number + "): " + e, e);
    }
  }

  private static InputStream maybeGunzip(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /**
   * Writes a UTF-8 file atomically: into a temporary file in the same folder, then moved over the
   * target. A name ending in {@code .gz} is written gzip-compressed. On failure the target is untouched
   * and the temporary file removed.
   */
  static void writeAtomically(Path target, Content content) {
    boolean gzip = target.getFileName().toString().endsWith(".gz");
    AtomicFiles.write(target, stream -> {
      OutputStream out = gzip ? new GZIPOutputStream(stream, 1 << 16) : stream;
      Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      content.writeTo(writer);
      writer.flush();
      if (out instanceof GZIPOutputStream g) {
        g.finish();
      }
    });
  }

  /**
   * Splits a CSV line at commas; a field wrapped in double quotes loses them (a doubled quote inside
   * stands for one). Quoted fields may contain commas.
   */
  static List<String> fields(String line, Path file, int number) {
    List<String> out = new ArrayList<>(3);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        field.setLength(0);
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (wasQuoted && c != ' ' && c != '\t') {
        throw new LabelFormatException(file, number, "text after a closing quote in column " + (out.size() + 1));
      } else if (!wasQuoted) {
        field.append(c);
      }
    }
    if (quoted) {
      throw new LabelFormatException(file, number, "unterminated quoted field in column " + (out.size() + 1));
    }
    out.add(field.toString());
    return out;
  }
}
