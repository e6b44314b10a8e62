package io.github.pneumo.djl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.RleCodec;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.submission.SubmissionRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configs of {@code pneumo infer} and {@code pneumo submit}, read by the one strict reader. */
class InferSubmitConfigTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void inferConfigReadsMembersAndOptions() throws Exception {
    InferConfig c = InferConfig.read(write("infer.yaml", """
        ARCHITECTURE: seunet
        DATA_DIRECTORY: data/test
        CHECKPOINTS: [a.safetensors, /abs/b.params]
        WEIGHT_AVERAGE: [[c.safetensors, d.safetensors]]
        FLIP: false
        INPUT_SIZE: 512
        NORMALIZATION: ImageNet
        RESULT_FOLDER: ../maps
        """));
    assertThat(c.architecture()).isEqualTo("seunet");
    assertThat(c.dataDirectory()).isEqualTo(dir.resolve("data/test"));
    assertThat(c.checkpoints()).containsExactly(dir.resolve("a.safetensors"), Path.of("/abs/b.params"));
    assertThat(c.weightAverages()).containsExactly(List.of(dir.resolve("c.safetensors"), dir.resolve("d.safetensors")));
    assertThat(c.flip()).isFalse();
    assertThat(c.inputSize()).isEqualTo(512);
    assertThat(c.normalization()).isEqualTo(Normalization.IMAGENET);
    assertThat(c.resultFolder()).isEqualTo(dir.getParent().resolve("maps"));
    assertThat(c.resume()).isTrue();
    assertThat(c.device()).isEqualTo(ai.djl.Device.cpu());
    assertThat(c.withDevice(ai.djl.Device.gpu(1)).model()).isNotNull();
  }

  @Test
  void inferConfigReadsTheDevice() throws Exception {
    String base = "ARCHITECTURE: albunet\nDATA_DIRECTORY: d\nRESULT_FOLDER: m\nCHECKPOINTS: [x.pth]\n";
    assertThat(InferConfig.read(write("g.yaml", base + "DEVICE: cuda:1\n")).device()).isEqualTo(ai.djl.Device.gpu(1));
    assertThat(InferConfig.read(write("h.yaml", base + "DEVICE: CPU\n")).device()).isEqualTo(ai.djl.Device.cpu());
    Path bad = write("i.yaml", base + "DEVICE: tpu\n");
    assertThatThrownBy(() -> InferConfig.read(bad)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(bad + " line 5: key 'DEVICE'")
        .hasMessageContaining("'tpu' is not a device (cpu, gpu, gpuN, cuda, cuda:N)");
  }

  @Test
  void inferConfigErrorsNameFileLineAndKey() throws Exception {
    String base = "ARCHITECTURE: albunet\nDATA_DIRECTORY: d\nRESULT_FOLDER: m\n";
    Path noMembers = write("a.yaml", base);
    assertThatThrownBy(() -> InferConfig.read(noMembers)).isInstanceOf(ConfigException.class)
        .hasMessage(noMembers + ": give CHECKPOINTS and/or WEIGHT_AVERAGE");
    Path typo = write("b.yaml", base + "CHECKPOINTS: [x]\nFLIPP: true\n");
    assertThatThrownBy(() -> InferConfig.read(typo)).hasMessage(typo + " line 5: unknown key 'FLIPP'");
    Path nested = write("c.yaml", base + "WEIGHT_AVERAGE: [x]\n");
    assertThatThrownBy(() -> InferConfig.read(nested))
        .hasMessage(nested + " line 4: key 'WEIGHT_AVERAGE[0]' must be a list, got 'x'");
    Path arch = write("d.yaml", base.replace("albunet", "vgg") + "CHECKPOINTS: [x]\n");
    assertThatThrownBy(() -> InferConfig.read(arch)).hasMessageContaining("line 1: key 'ARCHITECTURE' is not one of");
    Path dup = write("e.yaml", base + "CHECKPOINTS: [x]\nRESULT_FOLDER: n\n");
    assertThatThrownBy(() -> InferConfig.read(dup)).hasMessage(dup + " line 5: duplicate key 'RESULT_FOLDER' (first at line 3)");
  }

  @Test
  void inferConfigReadsSegFolderAndTriplet() throws Exception {
    String base = "ARCHITECTURE: albunet\nDATA_DIRECTORY: data\nRESULT_FOLDER: maps\nCHECKPOINTS: [x]\n";
    InferConfig c = InferConfig.read(write("seg.yaml", base + "SEG_FOLDER: maps\nTRIPLET: [0.75, 1000, 0.3]\n"));
    assertThat(c.segFolder()).isEqualTo(dir.resolve("maps"));
    assertThat(c.triplet()).isEqualTo(new TripletThreshold(0.75, 1000, 0.3));
    assertThat(InferConfig.read(write("none.yaml", base)).segFolder()).isNull();

    Path noTriplet = write("f.yaml", base + "SEG_FOLDER: segs\n");
    assertThatThrownBy(() -> InferConfig.read(noTriplet)).isInstanceOf(ConfigException.class)
        .hasMessage(noTriplet + " line 5: key 'SEG_FOLDER' needs TRIPLET: [top, area, bottom] to binarise the maps");
    Path noFolder = write("g.yaml", base + "TRIPLET: [0.75, 1000, 0.3]\n");
    assertThatThrownBy(() -> InferConfig.read(noFolder))
        .hasMessage(noFolder + " line 5: key 'TRIPLET' is used only with SEG_FOLDER");
    Path two = write("h.yaml", base + "SEG_FOLDER: segs\nTRIPLET: [0.75, 1000]\n");
    assertThatThrownBy(() -> InferConfig.read(two))
        .hasMessage(two + " line 6: key 'TRIPLET' must be [top, area, bottom], e.g. [0.75, 1000, 0.3], got 2 values");
    Path range = write("i.yaml", base + "SEG_FOLDER: segs\nTRIPLET: [1.5, 1000, 0.3]\n");
    assertThatThrownBy(() -> InferConfig.read(range))
        .hasMessage(range + " line 6: key 'TRIPLET[0]' must be in [0.0, 1.0], got '1.5'");
    Path area = write("j.yaml", base + "SEG_FOLDER: segs\nTRIPLET: [0.75, 10.5, 0.3]\n");
    assertThatThrownBy(() -> InferConfig.read(area))
        .hasMessage(area + " line 6: key 'TRIPLET[1]' must be an integer, got '10.5'");
    Path inside = write("k.yaml", base + "SEG_FOLDER: data/segs\nTRIPLET: [0.75, 1000, 0.3]\n");
    assertThatThrownBy(() -> InferConfig.read(inside)).hasMessage(inside
        + " line 5: key 'SEG_FOLDER' must not lie inside DATA_DIRECTORY (its SEGs would be read as images): "
        + dir.resolve("data/segs"));
  }

  @Test
  void submitConfigReadsTheOriginalsKeys() throws Exception {
    SubmitConfig c = SubmitConfig.read(write("s.yaml", """
        SAMPLE_SUB: sample.csv
        RESULT_WEIGHTS:
          ../a/maps: 0.4
          b/maps: 0.6
        TOP_SCORE_THRESHOLD: 0.7
        AREA_THRESHOLD: 800
        BOTTOM_SCORE_THRESHOLD: 0.3
        USELEAK: True
        LEAK_SCORE_THRESHOLD: 0.2
        MIN_CONTOUR_AREA: 100
        RESHAPE_MODE: False
        SUB_FILE: subs/out.csv
        CODEC: standard
        OUTPUT_SIZE: 512
        TRUTH: truth.csv
        """));
    assertThat(c.maps()).isEqualTo(Map.of(dir.getParent().resolve("a/maps"), 0.4, dir.resolve("b/maps"), 0.6));
    assertThat(c.maps().keySet()).containsExactly(dir.getParent().resolve("a/maps"), dir.resolve("b/maps"));
    assertThat(c.rule()).isEqualTo(new SubmissionRule(new TripletThreshold(0.7, 800, 0.3), 0.2, 100, false, 512));
    assertThat(c.output()).isEqualTo(dir.resolve("subs/out.csv"));
    assertThat(c.codec()).isEqualTo(RleCodec.standard());
    assertThat(c.truth()).isEqualTo(dir.resolve("truth.csv"));
    assertThat(c.truthCodec()).isEqualTo(RleCodec.relative());
    SubmitConfig small = c.withSize(64, 3, 1);
    assertThat(small.rule()).isEqualTo(new SubmissionRule(new TripletThreshold(0.7, 3, 0.3), 0.2, 1, false, 64));
  }

  @Test
  void submitConfigErrorsNameFileLineAndKey() throws Exception {
    String base = "SAMPLE_SUB: s.csv\nTOP_SCORE_THRESHOLD: 0.7\nAREA_THRESHOLD: 10\nBOTTOM_SCORE_THRESHOLD: 0.3\n"
        + "SUB_FILE: o.csv\n";
    Path both = write("a.yaml", base + "MASK_DICT: m\nRESULT_WEIGHTS: {m: 1}\n");
    assertThatThrownBy(() -> SubmitConfig.read(both)).hasMessage(both + ": give exactly one of MASK_DICT or RESULT_WEIGHTS");
    Path area = write("b.yaml", base.replace("AREA_THRESHOLD: 10", "AREA_THRESHOLD: 10.5") + "MASK_DICT: m\n");
    assertThatThrownBy(() -> SubmitConfig.read(area)).hasMessage(area + " line 3: key 'AREA_THRESHOLD' must be an integer, got '10.5'");
    Path codec = write("c.yaml", base + "MASK_DICT: m\nCODEC: rle2\n");
    assertThatThrownBy(() -> SubmitConfig.read(codec)).hasMessage(codec + " line 7: key 'CODEC' must be relative or standard, got 'rle2'");
    Path weight = write("d.yaml", base + "RESULT_WEIGHTS: {m: heavy}\n");
    assertThatThrownBy(() -> SubmitConfig.read(weight)).hasMessage(weight + " line 6: key 'RESULT_WEIGHTS.m' must be a number, got 'heavy'");
  }
}
