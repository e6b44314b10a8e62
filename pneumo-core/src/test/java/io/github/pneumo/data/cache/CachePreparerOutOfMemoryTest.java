package io.github.pneumo.data.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.image.GreyImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 8: an OutOfMemoryError reading one file used to abort the whole prepare run. */
class CachePreparerOutOfMemoryTest {
  @TempDir Path tmp;

  @Test
  void outOfMemoryInOneFileIsReportedAndTheBatchGoesOn() throws Exception {
    List<Path> files = new ArrayList<>();
    for (String id : List.of("a", "huge", "c", "d")) {
      Path f = tmp.resolve("in").resolve(id).resolve(id).resolve(id + ".dcm");
      Files.createDirectories(f.getParent());
      Files.writeString(f, "x");
      files.add(f);
    }
    CachePreparer preparer = CachePreparer.builder().output(tmp.resolve("cache")).size(8).threads(2)
        .reader(p -> {
          if (DicomTree.imageId(p).equals("huge")) {
            // what a real allocation beyond -Xmx throws
            throw new OutOfMemoryError("Java heap space");
          }
          return GreyImage.blank(16, 16);
        })
        .labels(id -> List.of())
        .build();
    PrepareSummary summary = preparer.prepare(files, List.of());
    assertThat(summary.written()).isEqualTo(3);
    assertThat(summary.failures()).singleElement().satisfies(f -> {
      assertThat(f.file()).isEqualTo(files.get(1));
      assertThat(f.reason()).isEqualTo("out of memory while reading it (Java heap space); raise -Xmx to prepare it");
    });
    assertThat(TrainingCache.open(tmp.resolve("cache")).ids()).containsExactlyInAnyOrder("a", "c", "d");
  }
}
