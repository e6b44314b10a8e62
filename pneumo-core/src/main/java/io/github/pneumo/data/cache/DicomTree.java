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
 * folder levels below the root, sorted by path.
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
    if (!Files.isDirectory(root)) {
      throw new PneumoException("DICOM folder not found: " + root);
    }
    List<Path> out = new ArrayList<>();
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
            if (file.getFileName().toString().endsWith(".dcm") && Files.isRegularFile(file)) {
              out.add(file);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new PneumoException("cannot list DICOM folder " + root + ": " + e, e);
    }
    out.sort(Comparator.comparing(Path::toString));
    return out;
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
