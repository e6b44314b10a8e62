package io.github.pneumo.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.djl.experiment.Experiment;
import io.github.pneumo.djl.experiment.ExperimentReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo trains from an experiment built in code; the config it writes for {@code pneumo train} must say the same. */
class DemoExperimentTest {

  @Test
  void theWrittenTrainingConfigReadsBackToTheExperimentBuiltInCode(@TempDir Path out) throws Exception {
    for (DemoSettings settings : new DemoSettings[] {DemoSettings.quick(7), DemoSettings.defaults(42).withEpochs(9)}) {
      Path work = Files.createDirectories(out.resolve("work"));
      Experiment inCode = Demo.experiment(settings, out);
      Experiment fromFile = ExperimentReader.read(Demo.writeTrainingConfig(settings, work));
      assertThat(fromFile).isEqualTo(inCode);
      assertThat(fromFile.training().triplets()).hasSize(8);
      assertThat(inCode.trainTransforms().build().transforms()).hasSize(3);
    }
  }
}
