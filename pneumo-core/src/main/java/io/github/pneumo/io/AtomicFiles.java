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
 * to disk, then moved over the target in one step, and the folder is forced to disk so that the rename
 * itself survives a power cut. A reader never sees a half-written file, and a process killed mid-write
 * leaves at most a hidden temporary {@code .pneumo-<pid>-<random>.tmp} behind, never a corrupt target.
 * The temporary name is short whatever the target's (a legal 255-byte name stays writable) and carries
 * the writer's process id, so {@link #removeStaleTemporaries} removes only what a dead process left.
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
  private static final String PREFIX = ".pneumo-";
  private static final String SUFFIX = ".tmp";
  private static final java.util.regex.Pattern TEMPORARY =
      java.util.regex.Pattern.compile("\\.pneumo-(\\d{1,18})-[0-9a-z]{1,13}\\.tmp");
  /**
   * How old a dead process's temporary must be before {@link #removeStaleTemporaries} deletes it: a
   * process on another machine sharing the folder is not visible here, and its live writes are younger.
   */
  public static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(1);

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
      tmp = temporaryIn(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      commit(tmp, target);
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
   * A fresh temporary name in a folder, {@code .pneumo-<pid>-<random>.tmp} (at most 42 characters,
   * whatever the target's name), for writers that fill the file themselves and then {@link #commit}.
   *
   * @param dir the target's folder
   * @return a path that does not name an existing file (very probably)
   */
  public static Path temporaryIn(Path dir) {
    return dir.resolve(PREFIX + ProcessHandle.current().pid() + "-"
        + Long.toUnsignedString(RANDOM.nextLong() >>> 1, 36) + SUFFIX);
  }

  /**
   * Moves a complete, forced temporary over its target in one step, then forces the folder so that the
   * rename is durable.
   *
   * @param tmp the temporary, in the target's folder
   * @param target the file to create or replace
   * @throws IOException when the move fails (the target is then untouched)
   */
  public static void commit(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory(target.toAbsolutePath().getParent());
  }

  /**
   * Forces a folder's entries to disk (fsync of the directory), where the platform allows it; file
   * systems that cannot open a folder for reading (Windows) are skipped.
   *
   * @param dir the folder
   */
  static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not supported for folders on this platform; the rename itself is still atomic
    }
  }

  /**
   * Deletes the temporaries that a killed writer left in a folder: only names of {@link #temporaryIn}'s
   * pattern, only when the process whose id they carry is not running on this machine, and only when
   * older than {@link #STALE_AFTER} (a writer on another machine sharing the folder is not visible here).
   * Other files, and the temporaries of live writers, are never touched.
   *
   * @param dir the folder (nothing happens when it does not exist)
   * @return the number of temporaries deleted
   * @throws PneumoException naming the folder if it cannot be listed
   */
  public static int removeStaleTemporaries(Path dir) {
    return removeStaleTemporaries(dir, java.time.Instant.now().minus(STALE_AFTER));
  }

  static int removeStaleTemporaries(Path dir, java.time.Instant olderThan) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : s) {
        java.util.regex.Matcher m = TEMPORARY.matcher(p.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        long pid = Long.parseLong(m.group(1));
        boolean alive = pid == ProcessHandle.current().pid()
            || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && Files.getLastModifiedTime(p).toInstant().isBefore(olderThan)) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new PneumoException("cannot clean temporary files in " + dir + ": " + e, e);
    }
    return removed;
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
