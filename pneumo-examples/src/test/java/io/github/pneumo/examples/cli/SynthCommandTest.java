package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    List<CliCommand> commands = new ArrayList<>(List.of(new SynthCommand(o, e)));
    return new PneumoCli(commands, o, e).run(List.of(args));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void isRegisteredAsAVerb() {
    assertThat(PneumoCli.defaultCommands()).anyMatch(c -> c instanceof SynthCommand && c.name().equals("synth"));
  }

  @Test
  void writesADatasetWithAProgressBarOnStandardError(@TempDir Path dir) throws Exception {
    Path ds = dir.resolve("ds");
    int code = run("synth", "--out", ds.toString(), "--train", "4", "--test", "2", "--size", "64", "--seed", "3",
        "--positive-rate", "0.5", "--difficulty", "0.3", "--threads", "2");
    assertThat(code).as(err()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote 4 train (2 positive) and 2 test (1 positive)");
    assertThat(err()).contains("synth train [", "4/4");
    SiimLabels train = SiimLabels.read(ds.resolve("train-rle.csv"), RleCodec.relative(), 64, 64);
    assertThat(train.imageIds()).hasSize(4);
    assertThat(train.positiveIds()).hasSize(2);
    assertThat(Files.readString(ds.resolve("dataset.json"))).contains("\"difficulty\": 0.3", "\"seed\": 3");
  }

  @Test
  void quietAndStandardCodec(@TempDir Path dir) throws Exception {
    Path ds = dir.resolve("ds");
    int code = run("synth", "--out", ds.toString(), "--train", "2", "--test", "0", "--size", "64", "--seed", "1",
        "--codec", "standard", "--quiet");
    assertThat(code).as(err()).isZero();
    assertThat(err()).isEmpty();
    assertThat(Files.readString(ds.resolve("train-rle.csv"))).startsWith("ImageId,EncodedPixels\n");
  }

  @Test
  void negativeCountsAreUsageErrors(@TempDir Path dir) {
    assertThat(run("synth", "--out", dir.toString(), "--train", "-1", "--test", "2", "--size", "64", "--seed", "1"))
        .isEqualTo(2);
    assertThat(err()).contains("--train must be in [0,").contains("got -1").contains("usage: pneumo synth");
  }

  @Test
  void sizeMustBeAMultipleOf64(@TempDir Path dir) {
    assertThat(run("synth", "--out", dir.toString(), "--train", "1", "--test", "1", "--size", "100", "--seed", "1"))
        .isEqualTo(2);
    assertThat(err()).contains("--size must be a multiple of 64, got 100");
  }

  @Test
  void missingOptionsAndTyposAreUsageErrors(@TempDir Path dir) {
    assertThat(run("synth", "--out", dir.toString(), "--train", "1", "--size", "64", "--seed", "1")).isEqualTo(2);
    assertThat(err()).contains("missing required option --test");
    err.reset();
    assertThat(run("synth", "--out", dir.toString(), "--train", "1", "--test", "1", "--size", "64", "--seed", "1",
        "--positve-rate", "0.3")).isEqualTo(2);
    assertThat(err()).contains("unknown option: --positve-rate");
    err.reset();
    assertThat(run("synth", "--out", dir.toString(), "--train", "1", "--test", "1", "--size", "64", "--seed", "x"))
        .isEqualTo(2);
    assertThat(err()).contains("--seed must be an integer");
  }

  @Test
  void unreadableShapesFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-labels.csv.gz");
    assertThat(run("synth", "--out", dir.resolve("ds").toString(), "--train", "1", "--test", "1", "--size", "64",
        "--seed", "1", "--shapes", missing.toString())).isEqualTo(1);
    assertThat(err()).contains(missing.toString());
    assertThat(dir.resolve("ds")).doesNotExist();
  }

  @Test
  void overwriteOfARealDatasetFailsAndDeletesNothing(@TempDir Path dir) throws Exception {
    // a real-looking SIIM folder that synth did not write
    Path data = dir.resolve("siim");
    Path dcm = data.resolve("dicom-images-train/1.2.276.0.7230010.3.1.2/1.2.276.0.7230010.3.1.3/"
        + "1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027.dcm");
    Files.createDirectories(dcm.getParent());
    byte[] bytes = new byte[4096];
    bytes[128] = 'D';
    Files.write(dcm, bytes);
    String labels = "ImageId, EncodedPixels\n1.2.276.0.7230010.3.1.4.8323329.1000.1517875165.878027, -1\n";
    Files.writeString(data.resolve("train-rle.csv"), labels);
    int code = run("synth", "--out", data.toString(), "--train", "2", "--test", "1", "--size", "64", "--seed", "1",
        "--overwrite", "--quiet");
    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("pneumo synth: output folder " + data + " holds files that pneumo synth did not "
        + "write (no files.sha256 from a finished synth run); nothing was deleted\n");
    assertThat(Files.readAllBytes(dcm)).isEqualTo(bytes);
    assertThat(Files.readString(data.resolve("train-rle.csv"))).isEqualTo(labels);
    // and a dataset synth wrote is replaced
    Path ds = dir.resolve("ds");
    assertThat(run("synth", "--out", ds.toString(), "--train", "2", "--test", "1", "--size", "64", "--seed", "1",
        "--quiet")).isZero();
    assertThat(run("synth", "--out", ds.toString(), "--train", "3", "--test", "1", "--size", "64", "--seed", "2",
        "--overwrite", "--quiet")).isZero();
    assertThat(SiimLabels.read(ds.resolve("train-rle.csv"), RleCodec.relative(), 64, 64).imageIds()).hasSize(3);
  }
}
