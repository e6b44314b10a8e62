package io.github.pneumo.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import io.github.pneumo.djl.weights.TorchPython;
import io.github.pneumo.djl.weights.TorchWeights;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parity fixtures' closed-form weights saved by real PyTorch ({@code torch.save}, zip and legacy
 * formats, AlbuNet's aliases sharing storage as in the original) load with {@link TorchWeights} and give
 * the original's logits. Needs {@code PNEUMO_TORCH_PYTHON}; skipped otherwise.
 */
class TorchSaveParityTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"albunet", "seunet"})
  void aStateDictSavedWithTorchSaveReproducesTheParityLogits(String architecture) {
    TorchPython.assumeAvailable();
    Path safetensors = dir.resolve(architecture + ".safetensors");
    try (Model source = SegmentationNetworks.create(architecture)) {
      ArchitectureParityTest.fillClosedFormWeights(source);
      TorchWeights.save(source, safetensors);
    }
    float[] reference = ParityFixtures.readF32(architecture + "_A_logits.f32");
    double maxAbsRef = 0;
    for (float r : reference) {
      maxAbsRef = Math.max(maxAbsRef, Math.abs(r));
    }
    for (String format : new String[] {"zip", "legacy"}) {
      Path pth = dir.resolve(architecture + "-" + format + ".pth");
      if (format.equals("zip")) {
        TorchPython.runReference("convert", safetensors.toString(), pth.toString());
      } else {
        TorchPython.runReference("convert", safetensors.toString(), pth.toString(), "--legacy");
      }
      try (Model model = SegmentationNetworks.create(Architecture.byName(architecture), 7)) {
        TorchWeights.load(model, pth);
        float[] logits = ArchitectureParityTest.logitsOnInputA(model);
        double maxDiff = 0;
        for (int i = 0; i < reference.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(logits[i] - reference[i]));
        }
        assertThat(maxDiff).as("%s %s: max |diff|", architecture, format).isLessThanOrEqualTo(1e-4 * maxAbsRef);
      }
    }
  }
}
