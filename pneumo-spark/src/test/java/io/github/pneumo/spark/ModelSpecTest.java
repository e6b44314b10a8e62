package io.github.pneumo.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.github.pneumo.PneumoException;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.data.cache.DicomTree;
import io.github.pneumo.dicom.Dicom;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.maps.QuantizedMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {
  @TempDir Path dir;
  final SparkTestData data = SparkTestData.get();

  @Test
  void survivesJavaSerialisationWithItsFingerprint() throws Exception {
    ModelSpec spec = ModelSpec.builder("albunet").ensemble(List.of(ModelSpec.Checkpoint.bytes(data.weights)))
        .weightAverage(List.of(ModelSpec.Checkpoint.path(data.weights), ModelSpec.Checkpoint.path(data.weights)))
        .flip(false).inputSize(64).normalization(Normalization.IMAGENET).threads(2).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    ModelSpec copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ModelSpec) in.readObject();
    }
    assertThat(copy).isEqualTo(spec);
    assertThat(copy.fingerprint()).isEqualTo(spec.fingerprint()).hasSize(64);
    assertThat(copy.members()).hasSize(2);
    assertThat(copy.members().get(0).get(0).embedded()).isTrue();
    assertThat(copy.embeddedBytes()).isEqualTo(Files.size(data.weights));
    assertThat(copy.normalization().mean()).containsExactly(Normalization.IMAGENET.mean());
    assertThat(copy.threads()).isEqualTo(2);
  }

  @Test
  void fingerprintFollowsEverySettingAndTheCheckpointContent() throws Exception {
    ModelSpec base = data.spec();
    assertThat(data.spec().fingerprint()).isEqualTo(base.fingerprint());
    assertThat(ModelSpec.builder("albunet").ensemble(List.of(ModelSpec.Checkpoint.path(data.weights))).flip(false)
        .build().fingerprint()).isNotEqualTo(base.fingerprint());
    assertThat(ModelSpec.builder("albunet").ensemble(List.of(ModelSpec.Checkpoint.path(data.weights))).inputSize(32)
        .build().fingerprint()).isNotEqualTo(base.fingerprint());
    ModelSpec.Checkpoint a = ModelSpec.Checkpoint.bytes("a.safetensors", new byte[] {1, 2});
    ModelSpec.Checkpoint b = ModelSpec.Checkpoint.bytes("a.safetensors", new byte[] {1, 3});
    assertThat(ModelSpec.builder("albunet").ensemble(List.of(a)).build().fingerprint())
        .isNotEqualTo(ModelSpec.builder("albunet").ensemble(List.of(b)).build().fingerprint());
  }

  @Test
  void embeddedCheckpointsPredictLikeTheFile() throws Exception {
    GreyImage image = Dicom.readGreyImage(DicomTree.find(data.dicoms).get(0));
    ModelSpec embedded = ModelSpec.builder("albunet").ensemble(List.of(ModelSpec.Checkpoint.bytes(data.weights)))
        .build();
    QuantizedMap fromBytes;
    QuantizedMap fromPath;
    try (SegmentationModel m = embedded.load(List.of())) {
      fromBytes = QuantizedMap.quantize(m.predict(image));
    }
    try (SegmentationModel m = data.spec().load(List.of())) {
      fromPath = QuantizedMap.quantize(m.predict(image));
    }
    assertThat(fromBytes).isEqualTo(fromPath);
  }

  @Test
  void badCheckpointsAndDevicesAreClearErrors() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.safetensors"), "not a checkpoint");
    assertThatThrownBy(() -> ModelSpec.builder("albunet").ensemble(List.of(ModelSpec.Checkpoint.bytes(junk))).build()
        .load(List.of())).isInstanceOf(PneumoException.class).hasMessageContaining("junk.safetensors");
    assertThatThrownBy(() -> ModelSpec.builder("albunet").device("tpu")).isInstanceOf(PneumoException.class)
        .hasMessageContaining("not a device");
    assertThatThrownBy(() -> ModelSpec.builder("lenet")).isInstanceOf(PneumoException.class);
    assertThatThrownBy(() -> ModelSpec.Checkpoint.bytes("../x.safetensors", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gpuMeansTheGpuSparkAssigned() {
    assertThat(ModelSpec.resolveDevice("cpu", List.of("1"))).isEqualTo(Device.cpu());
    assertThat(ModelSpec.resolveDevice("gpu", List.of("3"))).isEqualTo(Device.gpu(3));
    assertThat(ModelSpec.resolveDevice("gpu", List.of())).isEqualTo(Device.gpu(0));
    assertThat(ModelSpec.resolveDevice("cuda:2", List.of("3"))).isEqualTo(Device.gpu(2));
    assertThat(ModelSpec.resolveDevice("GPU1", List.of())).isEqualTo(Device.gpu(1));
  }
}
