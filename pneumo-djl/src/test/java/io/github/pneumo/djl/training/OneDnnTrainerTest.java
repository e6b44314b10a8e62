package io.github.pneumo.djl.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.github.pneumo.djl.losses.SegmentationLoss;
import io.github.pneumo.training.TrainingException;
import io.github.pneumo.djl.onednn.CpuDescription;
import io.github.pneumo.djl.onednn.OneDnnGuard;
import io.github.pneumo.djl.onednn.UnsafeOneDnnException;
import io.github.pneumo.training.ConstantLr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer runs the oneDNN check before anything else and names the CPU as the cause of a NaN loss. */
class OneDnnTrainerTest {
  static final CpuDescription ZEN5 = new CpuDescription("AuthenticAMD", 26, 2, "AMD EPYC");
  static final CpuDescription INTEL = new CpuDescription("GenuineIntel", 6, 207, "Intel(R) Xeon(R) Processor");

  /** A loss that is NaN whatever the prediction (what the affected CPU's convolution backward leads to). */
  static final class NanLoss extends Loss {
    NanLoss() {
      super("nan");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      return predictions.singletonOrThrow().mean().mul(Float.NaN);
    }
  }

  static SegmentationTrainer.Builder builder(Path dir, Model model, Loss loss, OneDnnGuard guard) {
    TrainingSettings s = SegmentationTrainerTest.settings(dir).epochs(1).build();
    return SegmentationTrainer.builder().settings(s).model(model).loss(SegmentationLoss.of(loss))
        .training(SegmentationTrainerTest.TRAIN, TinySegmentation.shuffle(SegmentationTrainerTest.TRAIN.size(), 1),
            SampleEncoder.plain())
        .validation(SegmentationTrainerTest.VALID, SampleEncoder.plain())
        .schedule(new ConstantLr(0.01)).oneDnnGuard(guard);
  }

  @Test
  void anAffectedCpuWithoutTheSafeSettingIsRefusedBeforeAnyFileIsWritten(@TempDir Path dir) throws Exception {
    try (Model model = TinySegmentation.model(7)) {
      var b = builder(dir, model, Loss.sigmoidBinaryCrossEntropyLoss(), OneDnnGuard.of(ZEN5, Map.of(), false));
      assertThatThrownBy(b::build).isInstanceOf(UnsafeOneDnnException.class)
          .hasMessageContaining("pytorch/pytorch#177227").hasMessageContaining("Export ONEDNN_MAX_CPU_ISA=AVX");
      try (var files = Files.list(dir)) {
        assertThat(files).isEmpty();
      }
      // the safe setting, or the informed user's property, lets it train
      builder(dir, model, Loss.sigmoidBinaryCrossEntropyLoss(),
          OneDnnGuard.of(ZEN5, Map.of("ONEDNN_MAX_CPU_ISA", "AVX"), false)).build();
      builder(dir, model, Loss.sigmoidBinaryCrossEntropyLoss(), OneDnnGuard.of(ZEN5, Map.of(), true)).build();
    }
  }

  @Test
  void aNanLossOnAnAffectedCpuBlamesOneDnnNotTheLearningRate(@TempDir Path dir) throws Exception {
    try (Model model = TinySegmentation.model(7)) {
      SegmentationTrainer t = builder(dir, model, new NanLoss(),
          OneDnnGuard.of(ZEN5, Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"), true)).build();
      assertThatThrownBy(() -> t.train("0", false)).isInstanceOf(TrainingException.class)
          .hasMessage("fold 0 epoch 0 batch 0: the loss is NaN (libtorch's oneDNN gives NaN on this CPU, AuthenticAMD"
              + " family 26 model 2 (AMD EPYC), with ONEDNN_MAX_CPU_ISA=AVX2 (pytorch/pytorch#177227): export"
              + " ONEDNN_MAX_CPU_ISA=AVX before starting the JVM; see docs/troubleshooting.md)");
    }
  }

  @Test
  void aNanLossElsewhereStillSuggestsTheLearningRate(@TempDir Path dir) throws Exception {
    for (OneDnnGuard guard : new OneDnnGuard[] {OneDnnGuard.of(INTEL, Map.of(), false),
        OneDnnGuard.of(ZEN5, Map.of("ONEDNN_MAX_CPU_ISA", "AVX"), false)}) {
      Path out = Files.createTempDirectory(dir, "run");
      try (Model model = TinySegmentation.model(7)) {
        SegmentationTrainer t = builder(out, model, new NanLoss(), guard).build();
        assertThatThrownBy(() -> t.train("0", false)).isInstanceOf(TrainingException.class)
            .hasMessage("fold 0 epoch 0 batch 0: the loss is NaN (lower the learning rate?)");
      }
    }
  }
}
