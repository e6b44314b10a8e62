package io.github.pneumo.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pneumo.djl.training.EpochResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTrainingProgressTest {

  private static String run(boolean quiet) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTrainingProgress p = new ConsoleTrainingProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), quiet);
    p.epochStarted("2", 3, 50, 2, 1e-4);
    Map<String, Double> means = new LinkedHashMap<>();
    means.put("loss", 1.5);
    means.put("bce", 0.25);
    p.batchTrained(0, 2, means);
    p.batchTrained(1, 2, means);
    p.epochFinished(new EpochResult("2", 3, 1e-4, 1.5, Map.of("bce", 0.25), new double[] {0.8, 0.85}, 0.85, true,
        0.85, 3, 12.5));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void drawsABarWithLossComponentsAndAnEpochLine() {
    String out = run(false);
    assertThat(out).contains("\rfold 2 epoch 3/50 lr 1.00e-04 [").contains("2/2").contains("loss 1.5000")
        .contains("bce 0.2500");
    assertThat(out).contains("fold 2 epoch 3: lr 1.00e-04 loss 1.50000 bce 0.25000  score 0.85000 *  best 0.85000 (epoch 3)");
  }

  @Test
  void quietModePrintsOnlyEpochLines() {
    String out = run(true);
    assertThat(out).doesNotContain("\r").doesNotContain("[");
    assertThat(out.lines()).hasSize(1).first().asString().startsWith("fold 2 epoch 3: ");
  }
}
