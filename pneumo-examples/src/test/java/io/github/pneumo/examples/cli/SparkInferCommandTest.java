package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.TorchWeights;
import io.github.pneumo.synth.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pneumo spark-infer} on local[2] against {@code pneumo infer} + {@code pneumo submit} on the same
 * data, weights and triplet.
 */
class SparkInferCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  PneumoCli cli;

  @BeforeEach
  void setUp() throws Exception {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    cli = PneumoCli.withDefaultCommands(o, e);
    SyntheticDataset.builder().train(8).test(10).size(64).seed(11).build().write(dir.resolve("data"));
    // A randomly initialised AlbuNet whose maxima (0.37–0.43 here) straddle the triplet's top of 0.4.
    try (Model m = SegmentationNetworks.create(Architecture.ALBUNET, 1)) {
      TorchWeights.save(m, dir.resolve("albunet.safetensors"));
    }
    Files.writeString(dir.resolve("infer.yaml"), String.join("\n",
        "ARCHITECTURE: albunet",
        "DATA_DIRECTORY: data/" + SyntheticDataset.TEST_DIR,
        "CHECKPOINTS: [albunet.safetensors]",
        "FLIP: true",
        "RESULT_FOLDER: maps",
        ""));
    Files.writeString(dir.resolve("submit.yaml"), String.join("\n",
        "SAMPLE_SUB: data/" + SyntheticDataset.SAMPLE_SUBMISSION,
        "MASK_DICT: maps",
        "TOP_SCORE_THRESHOLD: 0.4",
        "AREA_THRESHOLD: 5",
        "BOTTOM_SCORE_THRESHOLD: 0.3",
        "SUB_FILE: reference.csv",
        "OUTPUT_SIZE: 128",
        ""));
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return cli.run(List.of(args));
  }

  private List<String> sparkInfer(String out, String... extra) {
    List<String> a = new ArrayList<>(List.of("spark-infer", "--master", "local[2]",
        "--data", dir.resolve("data").resolve(SyntheticDataset.TEST_DIR).toString(),
        "--config", dir.resolve("infer.yaml").toString(), "--triplet", "0.4,5,0.3",
        "--sample-submission", dir.resolve("data").resolve(SyntheticDataset.SAMPLE_SUBMISSION).toString(),
        "--out", dir.resolve(out).toString(), "--output-size", "128"));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void submissionIsByteIdenticalToInferThenSubmit() throws Exception {
    assertThat(run("infer", dir.resolve("infer.yaml").toString())).as(err.toString()).isZero();
    assertThat(run("submit", dir.resolve("submit.yaml").toString())).as(err.toString()).isZero();
    String submitLine = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    byte[] reference = Files.readAllBytes(dir.resolve("reference.csv"));
    long nonEmpty = new String(reference, StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.endsWith(",-1")).count();
    assertThat(nonEmpty).isBetween(1L, 9L);

    assertThat(cli.run(sparkInfer("spark.csv", "--partitions", "3")))
        .as(err.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("spark.csv"))).isEqualTo(reference);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains(submitLine.replace(dir.resolve("reference.csv").toString(),
        dir.resolve("spark.csv").toString()));
    assertThat(printed).contains("spark-infer: 10 images, 0 skipped");
    assertThat(dir.resolve("skipped.csv")).hasContent("input,reason");

    // Spark's own file splitting (binaryFile with content) and checkpoints shipped as bytes: the same file.
    out.reset();
    assertThat(cli.run(sparkInfer("embedded.csv", "--checkpoints", "embed"))).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("embedded.csv"))).isEqualTo(reference);
  }

  @Test
  void aBadDicomIsListedAndTheExitCodeSaysSo() throws Exception {
    assertThat(run("infer", dir.resolve("infer.yaml").toString())).as(err.toString()).isZero();
    assertThat(run("submit", dir.resolve("submit.yaml").toString())).as(err.toString()).isZero();
    Path bad = dir.resolve("data").resolve(SyntheticDataset.TEST_DIR).resolve("x").resolve("y").resolve("9.9.dcm");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "not, a \"DICOM\"");

    assertThat(cli.run(sparkInfer("spark.csv", "--partitions", "2"))).isEqualTo(SparkInferCommand.SKIPPED_EXIT);
    assertThat(Files.readAllBytes(dir.resolve("spark.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("reference.csv")));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("spark-infer: 11 images, 1 skipped");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("skipped file:" + bad);
    List<String> listed = Files.readAllLines(dir.resolve("skipped.csv"));
    assertThat(listed).hasSize(2);
    assertThat(listed.get(1)).startsWith("file:" + bad + ",").contains("9.9.dcm");
  }

  @Test
  void argumentErrorsAreUsageErrors() {
    List<String> a = new ArrayList<>(sparkInfer("x.csv"));
    a.set(a.indexOf("0.4,5,0.3"), "0.4,5");
    assertThat(cli.run(a)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--triplet must be t,a,b");

    err.reset();
    List<String> b = new ArrayList<>(sparkInfer("x.csv"));
    b.remove("--master");
    b.remove("local[2]");
    assertThat(cli.run(b)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("give --master");

    err.reset();
    assertThat(cli.run(sparkInfer("x.csv", "--device", "tpu"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a device");

    err.reset();
    try {
      Files.writeString(dir.resolve("infer.yaml"), "SEG_FOLDER: segs\nTRIPLET: [0.4, 5, 0.3]\n",
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(cli.run(sparkInfer("x.csv"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("SEG_FOLDER is not supported by spark-infer");
    assertThat(dir.resolve("x.csv")).doesNotExist();
  }
}
