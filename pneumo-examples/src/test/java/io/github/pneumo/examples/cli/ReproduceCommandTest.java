package io.github.pneumo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.djl.reproduce.ReproductionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {
  private final ReproduceCommand command = new ReproduceCommand(
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

  @Test
  void isRegistered() {
    assertThat(PneumoCli.defaultCommands()).anyMatch(c -> c.name().equals("reproduce"));
    assertThat(command.usage()).contains("albunet_valid", "2nd_stage-v2", "--profile");
  }

  @Test
  void rejectsAnUnknownExperimentProfileOrOption() {
    assertThatThrownBy(() -> command.run(List.of("albunet"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("albunet_valid");
    assertThatThrownBy(() -> command.run(List.of("seunet", "--profile", "tiny"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("smoke or full");
    assertThatThrownBy(() -> command.run(List.of("seunet", "--epochs", "3"))).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> command.run(List.of("seunet", "--folds", "0,,1"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("--folds");
    assertThatThrownBy(() -> command.run(List.of("seunet", "--checkpoints", "top3"))).isInstanceOf(UsageException.class)
        .hasMessage("option --checkpoints: checkpoint selection must be top_k, epochs or best, got 'top3'");
    assertThatThrownBy(() -> command.run(List.of("seunet", "--device", "tpu"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("option --device: 'tpu' is not a device");
    assertThat(command.usage()).contains("--encoder-weights DIR", "--checkpoints top_k|epochs|best", "--oof");
  }

  @Test
  void fullProfileNeedsData(@TempDir Path out) {
    assertThatThrownBy(() -> command.run(List.of("seunet", "--out", out.toString())))
        .isInstanceOf(ReproductionException.class).hasMessageContaining("--data is required");
  }

  @Test
  void dataWithoutCacheSaysHowToMakeIt(@TempDir Path dir) {
    assertThatThrownBy(() -> command.run(List.of("seunet", "--data", dir.toString(), "--out",
        dir.resolve("out").toString())))
        .isInstanceOf(ReproductionException.class).hasMessageContaining("pneumo prepare")
        .hasMessageContaining(dir.resolve("cache").toString());
  }
}
