package io.github.pneumo.data.cache;

import io.github.pneumo.PneumoException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds DICOM files the way the original does: {@code <root>/*}{@code /*}{@code /*.dcm}, exactly two
 * folder levels below the root, sorted by path ({@link #scan}); or at any depth ({@link #scanAnyDepth},
 * for inference on any folder). An entry named {@code *.dcm} that is not a readable regular file (a
 * folder, a dangling symbolic link, a FIFO or device) is not silently ignored: the scan lists it as
 * skipped, with the reason.
 */
public final class DicomTree {
  private DicomTree() {}

  /**
   * Lists the DICOM files of a tree.
   *
   * @param root the root folder (e.g. {@code dicom-images-train})
   * @return the files, sorted by their path string
   * @throws PneumoException when the root is not a readable folder
   */
  public static List<Path> find(Path root) {
    return scan(root).files();
  }

  /**
   * The result of a scan.
   *
   * @param files the DICOM files (regular files, or links to them), sorted by their path string
   * @param skipped entries named {@code *.dcm} that are not regular files, with the reason, sorted
   */
  public record Scan(List<Path> files, List<PrepareSummary.Failure> skipped) {
    /** Copies the lists. */
    public Scan {
      files = List.copyOf(files);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Lists the DICOM files exactly two folder levels below a root, as the original.
   *
   * @param root the root folder (e.g. {@code dicom-images-train})
   * @return the files and the skipped entries
   * @throws PneumoException when the root is not a readable folder
   */
  public static Scan scan(Path root) {
    if (!Files.isDirectory(root)) {
      throw new PneumoException("DICOM folder not found: " + root);
    }
    List<Path> out = new ArrayList<>();
    List<PrepareSummary.Failure> skipped = new ArrayList<>();
    try {
      for (Path level1 : children(root)) {
        if (!Files.isDirectory(level1)) {
          continue;
        }
        for (Path level2 : children(level1)) {
          if (!Files.isDirectory(level2)) {
            continue;
          }
          for (Path file : children(level2)) {
            if (file.getFileName().toString().endsWith(".dcm")) {
              classify(file, out, skipped);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new PneumoException("cannot list DICOM folder " + root + ": " + e, e);
    }
    out.sort(Comparator.comparing(Path::toString));
    skipped.sort(Comparator.comparing(f -> f.file().toString()));
    return new Scan(out, skipped);
  }

  /**
   * Lists the DICOM files at any depth below a root (the root itself may hold them), not following
   * links to folders.
   *
   * @param root the folder
   * @return the files and the skipped entries, each sorted by path
   * @throws PneumoException when the root is not a readable folder
   */
  public static Scan scanAnyDepth(Path root) {
    if (!Files.isDirectory(root)) {
      throw new PneumoException("DICOM folder not found: " + root);
    }
    List<Path> out = new ArrayList<>();
    List<PrepareSummary.Failure> skipped = new ArrayList<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root) && p.getFileName().toString().endsWith(".dcm"))
          .forEach(p -> classify(p, out, skipped));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new PneumoException("cannot list DICOM folder " + root + ": " + e, e);
    }
    out.sort(Comparator.comparing(Path::toString));
    skipped.sort(Comparator.comparing(f -> f.file().toString()));
    return new Scan(out, skipped);
  }

  private static void classify(Path file, List<Path> files, List<PrepareSummary.Failure> skipped) {
    if (Files.isRegularFile(file)) {
      files.add(file);
    } else if (Files.isDirectory(file)) {
      skipped.add(new PrepareSummary.Failure(file, "a folder named *.dcm, not a DICOM file"));
    } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
      skipped.add(new PrepareSummary.Failure(file, "a dangling symbolic link"));
    } else {
      skipped.add(new PrepareSummary.Failure(file, "not a regular file (a FIFO, socket or device)"));
    }
  }

  private static List<Path> children(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    }
    return out;
  }

  /**
   * The image ID of a DICOM file: its name without {@code .dcm}.
   *
   * @param file a DICOM path
   * @return the ID
   */
  public static String imageId(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".dcm") ? name.substring(0, name.length() - 4) : name;
  }
}
