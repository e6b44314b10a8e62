package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.SegmentationNetworks;
import io.github.pneumo.djl.weights.TorchWeights;
import io.github.pneumo.Mask;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.dicom.SegmentationReader;
import io.github.pneumo.dicom.SegmentationWriter;
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
  void infersAFolderAndResumesWritingOneSegPerImageNextToTheMaps() throws Exception {
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
        "SEG_FOLDER: maps",
        "TRIPLET: [0.5, 0, 0.5]",
        ""));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PneumoCli cli = new PneumoCli(List.of(new InferCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(cli.run(List.of("infer", dir.resolve("infer.yaml").toString()))).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 images: 3 predicted, 0 skipped")
        .contains("3 SEGs written, 0 skipped (SEG newer than its map) with triplet (0.5, 0, 0.5) -> "
            + dir.resolve("maps"));
    MapStore store = MapStore.existing(dir.resolve("maps"));
    assertThat(store.ids()).hasSize(3);
    TripletThreshold triplet = new TripletThreshold(0.5, 0, 0.5);
    for (Path dicom : DicomTree.find(dir.resolve("data").resolve(SyntheticDataset.TEST_DIR))) {
      String id = DicomTree.imageId(dicom);
      Path seg = dir.resolve("maps").resolve(id + SegmentationWriter.SUFFIX);
      Mask expected = triplet.apply(store.read(id).toProbabilityMap());
      assertThat(SegmentationReader.readMask(seg)).as(id).isEqualTo(expected);
      assertThat(Dicom.read(seg).studyInstanceUid()).isEqualTo(Dicom.read(dicom).studyInstanceUid());
    }
    QuantizedMap map = store.read(store.ids().get(0));
    assertThat(map.width()).isEqualTo(64);

    Files.delete(store.file(store.ids().get(1)));
    out.reset();
    assertThat(cli.run(List.of("infer", dir.resolve("infer.yaml").toString()))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 images: 1 predicted, 2 skipped")
        .contains("1 SEGs written, 2 skipped");
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

  @Test
  void goesOnPastBadInputsAtAnyDepthAndListsThem() throws Exception {
    SyntheticDataset.builder().train(0).test(3).size(64).seed(4).build().write(dir.resolve("data"));
    List<Path> dicoms;
    try (var walk = Files.walk(dir.resolve("data").resolve(SyntheticDataset.TEST_DIR))) {
      dicoms = walk.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
    }
    Path flat = dir.resolve("flat");
    Files.createDirectories(flat.resolve("deeper/still"));
    Files.copy(dicoms.get(0), flat.resolve(dicoms.get(0).getFileName()));
    Files.copy(dicoms.get(1), flat.resolve("deeper/still").resolve(dicoms.get(1).getFileName()));
    Files.copy(dicoms.get(2), flat.resolve("a b.dcm"));
    Files.writeString(flat.resolve("broken.dcm"), "not a DICOM file");
    Files.createSymbolicLink(flat.resolve("dangling.dcm"), dir.resolve("nowhere.dcm"));
    try (Model m = SegmentationNetworks.create(Architecture.ALBUNET, 1)) {
      TorchWeights.save(m, dir.resolve("a.safetensors"));
    }
    Files.writeString(dir.resolve("infer.yaml"), "ARCHITECTURE: albunet\nDATA_DIRECTORY: flat\n"
        + "CHECKPOINTS: [a.safetensors]\nRESULT_FOLDER: maps\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PneumoCli cli = new PneumoCli(List.of(new InferCommand(new PrintStream(out, true, StandardCharsets.UTF_8), e)),
        System.out, e);
    assertThat(cli.run(List.of("infer", dir.resolve("infer.yaml").toString()))).as(err.toString()).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("3 images: 2 predicted, 0 skipped (map exists)");
    Path listed = dir.resolve("maps/skipped.csv");
    List<String> rows = Files.readAllLines(listed);
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).isEqualTo("input,reason");
    assertThat(rows.get(1)).isEqualTo(flat.resolve("dangling.dcm") + ",a dangling symbolic link");
    assertThat(rows.get(2)).isEqualTo(flat.resolve("a b.dcm") + ",\"its name gives the image id 'a b', not a safe "
        + "map file name (allowed: letters, digits, '.', '_', '-', not starting with '.')\"");
    assertThat(rows.get(3)).startsWith(flat.resolve("broken.dcm") + ",");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .endsWith("pneumo infer: 3 input(s) skipped, listed in " + listed + "\n");
    assertThat(MapStore.existing(dir.resolve("maps")).ids()).containsExactlyInAnyOrder(
        dicoms.get(0).getFileName().toString().replace(".dcm", ""),
        dicoms.get(1).getFileName().toString().replace(".dcm", "")).hasSize(2);
    // a resumed run retries the bad one only, and still says so
    out.reset();
    assertThat(cli.run(List.of("infer", dir.resolve("infer.yaml").toString()))).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("3 images: 0 predicted, 2 skipped (map exists)");
  }

  @Test
  void duplicateKeysInAnInferConfigAreRefused() throws Exception {
    Path config = dir.resolve("infer.yaml");
    Files.writeString(config, "ARCHITECTURE: albunet\nDATA_DIRECTORY: data\nCHECKPOINTS: [a.safetensors]\n"
        + "RESULT_FOLDER: maps\nDATA_DIRECTORY: other\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(new PneumoCli(List.of(new InferCommand(System.out, e)), System.out, e)
        .run(List.of("infer", config.toString()))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("pneumo infer: " + config + " line 5: duplicate key 'DATA_DIRECTORY' (first at line 2)\n");
  }
}
