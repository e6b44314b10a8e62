package io.github.pneumo.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.SiimLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionScorerTest {
  @TempDir Path tmp;

  private SiimLabels csv(String name, String rows) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, "ImageId,EncodedPixels\n" + rows);
    return SiimLabels.read(file, RleCodec.standard(), 4, 4);
  }

  @Test
  void aSubmissionWithRowsDroppedIsAnErrorNotAHigherScore() throws Exception {
    // truth: a (positive, 4 pixels), b (negative), c (positive, 2 pixels)
    SiimLabels truth = csv("truth.csv", "a,1 4\nb,-1\nc,5 2\n");
    SiimLabels full = csv("full.csv", "a,1 4\nb,-1\nc,-1\n");
    assertThat(SubmissionScorer.meanDice(full, truth)).isEqualTo(2.0 / 3);
    SiimLabels dropped = csv("dropped.csv", "a,1 4\nb,-1\n");
    assertThatThrownBy(() -> SubmissionScorer.meanDice(dropped, truth)).isInstanceOf(PneumoException.class)
        .hasMessage("1 true image id(s) of " + tmp.resolve("truth.csv") + " are missing from "
            + tmp.resolve("dropped.csv") + ": c");
    // by option: scored as an empty prediction, the same as the full file's blank row
    assertThat(SubmissionScorer.meanDice(dropped, truth, SubmissionScorer.MissingIds.SCORE_AS_EMPTY))
        .isEqualTo(2.0 / 3);
    SiimLabels extra = csv("extra.csv", "a,1 4\nb,-1\nc,-1\nz,-1\n");
    assertThatThrownBy(() -> SubmissionScorer.meanDice(extra, truth, SubmissionScorer.MissingIds.SCORE_AS_EMPTY))
        .hasMessage("1 image id(s) of " + tmp.resolve("extra.csv") + " are not in " + tmp.resolve("truth.csv")
            + ": z");
  }
}
