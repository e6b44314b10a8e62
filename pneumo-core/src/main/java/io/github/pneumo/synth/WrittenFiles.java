package io.github.pneumo.synth;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import com.google.common.io.ByteStreams;
import io.github.pneumo.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The list of files a {@link SyntheticDataset} wrote, {@code OUT/files.sha256} in the format of {@code
 * sha256sum} ({@code <hex>  <relative path>}, so {@code sha256sum -c files.sha256} checks a dataset). It is
 * the proof that lets {@code overwrite} delete a previous dataset: a folder is replaced only when every
 * entry in it is listed there with the same content (or is a folder holding listed files), checked
 * before anything is deleted.
 */
final class WrittenFiles {
  /** Name of the list in the dataset folder. */
  static final String NAME = "files.sha256";

  private WrittenFiles() {}

  /**
   * Lists every regular file under {@code root} (the generator's fresh output) with its SHA-256.
   *
   * @param root the dataset folder, holding only what the generator wrote
   * @throws IOException when a file cannot be read or the list written
   */
  static void write(Path root) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Path file : regularFiles(root)) {
      sb.append(sha256(file)).append("  ").append(relative(root, file)).append('\n');
    }
    AtomicFiles.writeString(root.resolve(NAME), sb.toString());
  }

  /**
   * Checks that a folder holds nothing but a previous dataset's unmodified files, and returns them in the
   * order they may be deleted (files, then their folders deepest first, then the list itself).
   *
   * @param root a non-empty output folder
   * @return the paths to delete
   * @throws SyntheticDataException naming the first foreign or modified entries; nothing is deleted
   * @throws IOException when the folder cannot be read
   */
  static List<Path> verifiedForDeletion(Path root) throws IOException {
    Path list = root.resolve(NAME);
    if (!Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)) {
      throw new SyntheticDataException("output folder " + root + " holds files that pneumo synth did not write"
          + " (no " + NAME + " from a finished synth run); nothing was deleted");
    }
    Map<String, String> expected = parse(list);
    if (!expected.containsKey(SyntheticDataset.MANIFEST)) {
      throw new SyntheticDataException(list + " does not list " + SyntheticDataset.MANIFEST
          + ", so it was not written by pneumo synth; nothing was deleted");
    }
    Set<String> ownFolders = new TreeSet<>();
    for (String rel : expected.keySet()) {
      for (Path p = Path.of(rel).getParent(); p != null; p = p.getParent()) {
        ownFolders.add(p.toString().replace('\\', '/'));
      }
    }
    List<String> foreign = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Path> folders = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root) || p.equals(list)) {
          continue;
        }
        String rel = relative(root, p);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          if (ownFolders.contains(rel)) {
            folders.add(p);
          } else {
            foreign.add(rel + "/ (not a folder synth created)");
          }
        } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          foreign.add(rel + " (not a regular file)");
        } else {
          String hash = expected.get(rel);
          if (hash == null) {
            foreign.add(rel + " (not listed in " + NAME + ")");
          } else if (!hash.equals(sha256(p))) {
            foreign.add(rel + " (changed since synth wrote it)");
          } else {
            files.add(p);
          }
        }
        if (foreign.size() >= 5) {
          break;
        }
      }
    }
    if (!foreign.isEmpty()) {
      throw new SyntheticDataException("output folder " + root + " holds files that pneumo synth did not write"
          + " or that were changed since: " + String.join(", ", foreign) + "; nothing was deleted");
    }
    List<Path> order = new ArrayList<>(files);
    folders.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    order.addAll(folders);
    order.add(list);
    return order;
  }

  private static Map<String, String> parse(Path list) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    int line = 0;
    for (String text : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      line++;
      int sep = text.indexOf("  ");
      String hash = sep == 64 ? text.substring(0, 64) : "";
      String rel = sep == 64 ? text.substring(66) : "";
      if (!hash.matches("[0-9a-f]{64}") || rel.isEmpty() || rel.startsWith("/") || rel.contains("..")) {
        throw new SyntheticDataException(list + " line " + line + ": not '<sha256>  <relative path>': '"
            + text + "'; nothing was deleted");
      }
      out.put(rel, hash);
    }
    return out;
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.equals(root.resolve(NAME)))
          .sorted(Comparator.comparing(p -> relative(root, p)))
          .toList();
    }
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
         HashingInputStream h = new HashingInputStream(Hashing.sha256(), in)) {
      ByteStreams.exhaust(h);
      return h.hash().toString();
    }
  }
}
