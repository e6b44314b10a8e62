package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.Mask;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.RleCodec;
import io.github.pneumo.maps.MapStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSubmitCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PneumoCli cli;

  @BeforeEach
  void setUp() throws Exception {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    cli = new PneumoCli(List.of(new SearchCommand(o), new SubmitCommand(o)), o,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    MapStore store = MapStore.open(dir.resolve("maps"));
    Random r = new Random(3);
    StringBuilder labels = new StringBuilder("ImageId, EncodedPixels\n");
    StringBuilder sample = new StringBuilder("ImageId,EncodedPixels\n");
    int side = 24;
    for (int i = 0; i < 30; i++) {
      String id = "id" + i;
      boolean pos = i % 3 != 0;
      int cx = 6 + r.nextInt(12);
      int cy = 6 + r.nextInt(12);
      float[] v = new float[side * side];
      Mask.Builder t = Mask.builder(side, side);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          double d = Math.hypot(x - cx, y - cy);
          v[y * side + x] = (float) Math.max(0, Math.min(1, (pos ? 0.9 : 0.55) - d / 8 + 0.1 * r.nextGaussian()));
          if (pos && d < 4) {
            t.set(x, y);
          }
        }
      }
      store.write(id, new ProbabilityMap(side, side, v));
      labels.append(id).append(", ").append(RleCodec.relative().encode(t.build())).append('\n');
      sample.append(id).append(",-1\n");
    }
    Files.writeString(dir.resolve("labels.csv"), labels);
    Files.writeString(dir.resolve("sample.csv"), sample);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void searchThenSubmitReproducesTheScore() throws Exception {
    int code = cli.run(List.of("search", "--maps", dir.resolve("maps").toString(), "--labels",
        dir.resolve("labels.csv").toString(), "--tops", "0.5:0.9:0.1", "--areas", "0:30:5", "--bottoms",
        "0.2,0.3,0.4,0.5", "--threads", "2", "--out", dir.resolve("report").toString()));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Matcher m = Pattern.compile("best \\(([0-9.]+), ([0-9]+), ([0-9.]+)\\)  mean Dice ([0-9.]+)").matcher(output());
    assertThat(m.find()).as(output()).isTrue();
    assertThat(dir.resolve("report/threshold-heatmap.png")).isNotEmptyFile();
    assertThat(dir.resolve("report/report.html")).content().contains("data:image/png;base64,");
    assertThat(Files.readAllLines(dir.resolve("report/search.csv"))).hasSize(1 + 5 * 7 * 4);

    Files.writeString(dir.resolve("submit.yaml"), String.join("\n",
        "SAMPLE_SUB: sample.csv",
        "MASK_DICT: maps",
        "TOP_SCORE_THRESHOLD: " + m.group(1),
        "AREA_THRESHOLD: " + m.group(2),
        "BOTTOM_SCORE_THRESHOLD: " + m.group(3),
        "USELEAK: False",
        "LEAK_SCORE_THRESHOLD: 0.15",
        "USECONTOURS: False",
        "SUB_FILE: subs/out.csv",
        "CODEC: standard",
        "OUTPUT_SIZE: 24",
        "TRUTH: labels.csv",
        ""));
    out.reset();
    code = cli.run(List.of("submit", dir.resolve("submit.yaml").toString()));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(output()).contains("30 rows").contains("mean Dice against").contains(m.group(4));
    assertThat(dir.resolve("subs/out.csv")).exists();
  }

  @Test
  void unknownConfigKeysAreNamed() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), String.join("\n",
        "SAMPLE_SUB: sample.csv", "MASK_DICT: maps", "TOP_SCORE_THRESHOLD: 0.7", "AREA_THRESHOLD: 10",
        "BOTTOM_SCORE_THRESHOLD: 0.3", "SUB_FILE: out.csv", "MIN_CONTUR_AREA: 100", ""));
    assertThat(cli.run(List.of("submit", dir.resolve("bad.yaml").toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 7: unknown key 'MIN_CONTUR_AREA'");
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void missingMapsAreAnError() throws Exception {
    Files.writeString(dir.resolve("sample.csv"), "ImageId,EncodedPixels\nid1,-1\nnope,-1\n");
    Files.writeString(dir.resolve("s.yaml"), String.join("\n",
        "SAMPLE_SUB: sample.csv", "MASK_DICT: maps", "TOP_SCORE_THRESHOLD: 0.7", "AREA_THRESHOLD: 10",
        "BOTTOM_SCORE_THRESHOLD: 0.3", "SUB_FILE: out.csv", ""));
    assertThat(cli.run(List.of("submit", dir.resolve("s.yaml").toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no prediction: nope");
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path submitConfig(String... extra) throws Exception {
    List<String> lines = new java.util.ArrayList<>(List.of("SAMPLE_SUB: sample.csv", "MASK_DICT: maps",
        "TOP_SCORE_THRESHOLD: 0.7", "AREA_THRESHOLD: 10", "BOTTOM_SCORE_THRESHOLD: 0.3", "SUB_FILE: out.csv"));
    lines.addAll(List.of(extra));
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void unsafeIdsInTheSampleSubmissionAreOneLineErrors() throws Exception {
    for (String id : List.of("../../etc/passwd", "\"a,b\"")) {
      Files.writeString(dir.resolve("sample.csv"), "ImageId,EncodedPixels\nid1,-1\n" + id + ",-1\n");
      err.reset();
      assertThat(cli.run(List.of("submit", submitConfig().toString()))).isEqualTo(1);
      assertThat(errors()).isEqualTo("pneumo submit: image id '" + id.replace("\"", "") + "' is not a safe file "
          + "name (allowed: letters, digits, '.', '_', '-', not starting with '.', at most 200 characters)\n");
    }
    assertThat(dir.resolve("out.csv")).doesNotExist();
  }

  @Test
  void anOutputSizeBeyondTheLimitIsAConfigError() throws Exception {
    Path config = submitConfig("OUTPUT_SIZE: 60000");
    assertThat(cli.run(List.of("submit", config.toString()))).isEqualTo(1);
    assertThat(errors()).isEqualTo("pneumo submit: " + config + " line 7: key 'OUTPUT_SIZE' must be in [1, 8192], got 60000\n");
  }

  @Test
  void duplicateKeysInASubmitConfigAreRefused() throws Exception {
    Path config = submitConfig("TOP_SCORE_THRESHOLD: 0.9");
    assertThat(cli.run(List.of("submit", config.toString()))).isEqualTo(1);
    assertThat(errors()).isEqualTo("pneumo submit: " + config + " line 7: duplicate key 'TOP_SCORE_THRESHOLD' (first at line 3)\n");
  }

  @Test
  void aMapWithASpaceInItsNameIsAOneLineError() throws Exception {
    Path maps = dir.resolve("maps");
    Files.copy(maps.resolve("id1.pmap"), maps.resolve("a b.pmap"));
    List<String> args = List.of("search", "--maps", maps.toString(), "--labels", dir.resolve("labels.csv").toString());
    assertThat(cli.run(args)).isEqualTo(1);
    String line = "pneumo search: " + maps.resolve("a b.pmap") + ": the file name is not a safe image id (allowed: "
        + "letters, digits, '.', '_', '-', not starting with '.'); rename or remove it\n";
    assertThat(errors()).isEqualTo(line);
    // --stacktrace adds the trace, anywhere in the arguments
    err.reset();
    List<String> traced = new java.util.ArrayList<>(args);
    traced.add(1, "--stacktrace");
    assertThat(cli.run(traced)).isEqualTo(1);
    assertThat(errors()).startsWith(line + "io.github.pneumo.maps.MapFormatException: ")
        .contains("\tat io.github.pneumo.maps.MapStore.ids(");
  }

  @Test
  void aGridTooLargeForIntIsAUsageError() {
    assertThat(cli.run(List.of("search", "--maps", dir.resolve("maps").toString(), "--labels",
        dir.resolve("labels.csv").toString(), "--tops", "0:0.49999:0.00001", "--areas", "0:49999:1"))).isEqualTo(2);
    assertThat(errors()).startsWith("pneumo search: the grid has 50000 tops × 50000 areas × 11 bottoms = "
        + "27500000000 triplets, more than the 1000000 a search holds; use coarser steps\nusage: pneumo search");
  }
}
