package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.TorchWeights;
import io.github.pneumo.maps.MapStore;
import io.github.pneumo.maps.QuantizedMap;
import io.github.pneumo.synth.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferCommandTest {
  @TempDir Path dir;

  @Test
  void infersAFolderAndResumes() throws Exception {
    SyntheticDataset.builder().train(10).test(3).size(64).seed(3).build().write(dir.resolve("data"));
    try (Model m = SegmentationNetworks.create(Architecture.ALBUNET, 1)) {
      TorchWeights.save(m, dir.resolve("a.safetensors"));
    }
    Files.writeString(dir.resolve("infer.yaml"), String.join("\n",
        "ARCHITECTURE: albunet",
        "DATA_DIRECTORY: data/" + SyntheticDataset.TEST_DIR,
        "CHECKPOINTS: [a.safetensors]",
        "WEIGHT_AVERAGE: [[a.safetensors, a.safetensors]]",
        "FLIP: true",
        "RESULT_FOLDER: maps",
        ""));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PneumoCli cli = new PneumoCli(List.of(new InferCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(cli.run(List.of("infer", dir.resolve("infer.yaml").toString()))).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 images: 3 predicted, 0 skipped");
    MapStore store = MapStore.existing(dir.resolve("maps"));
    assertThat(store.ids()).hasSize(3);
    QuantizedMap map = store.read(store.ids().get(0));
    assertThat(map.width()).isEqualTo(64);

    Files.delete(store.file(store.ids().get(1)));
    out.reset();
    assertThat(cli.run(List.of("infer", dir.resolve("infer.yaml").toString()))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 images: 1 predicted, 2 skipped");
    assertThat(store.read(store.ids().get(0))).isEqualTo(map);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("infer");

    // a GPU the engine does not see: an error before any map is written, never a silent CPU run
    int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
    Files.delete(store.file(store.ids().get(2)));
    err.reset();
    assertThat(cli.run(List.of("infer", dir.resolve("infer.yaml").toString(), "--device", "gpu" + gpus))).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("device gpu(" + gpus + ") was asked for, but the PyTorch"
        + " engine sees");
    assertThat(MapStore.existing(dir.resolve("maps")).ids()).hasSize(2);
  }
}
