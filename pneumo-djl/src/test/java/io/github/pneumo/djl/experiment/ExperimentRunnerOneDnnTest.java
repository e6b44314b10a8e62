package io.github.pneumo.djl.experiment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.pneumo.djl.onednn.CpuDescription;
import io.github.pneumo.djl.onednn.OneDnnGuard;
import io.github.pneumo.djl.onednn.UnsafeOneDnnException;
import io.github.pneumo.djl.training.TrainingListener;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.PneumoException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExperimentRunner#trainFold} runs the oneDNN check before it reads any data or creates the model. */
class ExperimentRunnerOneDnnTest {

  @Test
  void anAffectedCpuIsRefusedBeforeTheFoldsAreRead(@TempDir Path dir) {
    assumeTrue(System.getenv(OneDnnGuard.ISA_VARIABLE) == null && System.getenv(OneDnnGuard.LEGACY_ISA_VARIABLE) == null,
        "this JVM was started with an ONEDNN_MAX_CPU_ISA setting, so it cannot play an unprotected affected CPU");
    Experiment e = Experiment.builder(TrainingSettings.builder("x", dir).build())
        .data(dir.resolve("no-cache"), dir.resolve("no-folds.csv"), List.of("0"))
        .architecture("albunet").loss(new LossWeights(1, 1, 0))
        .transforms(TransformSpec.preset("train_complex", 64), TransformSpec.preset("valid", 64)).build();
    // as is, the missing folds file is the first error
    assertThatThrownBy(() -> ExperimentRunner.trainFold(e, "0", false, TrainingListener.none()))
        .isInstanceOf(PneumoException.class).isNotInstanceOf(UnsafeOneDnnException.class)
        .hasMessageContaining("no-folds.csv");
    String old = System.getProperty(CpuDescription.PROPERTY);
    System.setProperty(CpuDescription.PROPERTY, "AuthenticAMD:26:2");
    try {
      assertThatThrownBy(() -> ExperimentRunner.trainFold(e, "0", false, TrainingListener.none()))
          .isInstanceOf(UnsafeOneDnnException.class)
          .hasMessageStartingWith("cannot train on this CPU, AuthenticAMD family 26 model 2 (given by pneumo.onednn.cpu),"
              + " with ONEDNN_MAX_CPU_ISA unset: ");
    } finally {
      if (old == null) {
        System.clearProperty(CpuDescription.PROPERTY);
      } else {
        System.setProperty(CpuDescription.PROPERTY, old);
      }
    }
  }
}
