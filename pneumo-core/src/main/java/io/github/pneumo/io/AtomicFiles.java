package io.github.pneumo.io;

import io.github.pneumo.PneumoException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic file writes: content goes to a uniquely named temporary file in the target's folder, is forced
 * to disk, then moved over the target in one step. A reader never sees a half-written file, and a
 * process killed mid-write leaves at most a hidden {@code .*.tmp} file behind, never a corrupt target.
 */
public final class AtomicFiles {

  /** Writes content to a stream; may throw {@link IOException}. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content.
     *
     * @param out a buffered stream to the temporary file; do not close it
     * @throws IOException on write failure
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private AtomicFiles() {}

  /**
   * Writes a file atomically, creating parent folders.
   *
   * @param target the file to create or replace
   * @param content writes the bytes
   * @throws PneumoException naming the target if anything fails (the target is then untouched)
   */
  public static void write(Path target, Content content) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // Not Files.createTempFile: that creates owner-only (0600) files, and the target inherits the
      // temporary's permissions. CREATE_NEW with a random name gives the usual umask permissions.
      tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new PneumoException("cannot write " + target + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the write already failed and is being reported
        }
      }
    }
  }

  /**
   * Writes bytes atomically.
   *
   * @param target the file to create or replace
   * @param bytes the content
   */
  public static void writeBytes(Path target, byte[] bytes) {
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes UTF-8 text atomically.
   *
   * @param target the file to create or replace
   * @param text the content
   */
  public static void writeString(Path target, String text) {
    writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
  }
}
