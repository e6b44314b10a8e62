package io.github.pneumo.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointHeapTest {

  private static CheckpointHeap.Entry e(double score, int epoch) {
    return new CheckpointHeap.Entry(score, epoch, Path.of("m_epoch" + epoch));
  }

  @Test
  void keepsTheBestKAndDropsTheLowest() {
    CheckpointHeap h = new CheckpointHeap(2);
    assertThat(h.push(e(0.5, 0))).isEmpty();
    assertThat(h.push(e(0.7, 1))).isEmpty();
    assertThat(h.push(e(0.6, 2))).contains(e(0.5, 0));
    assertThat(h.push(e(0.1, 3))).contains(e(0.1, 3)); // a new worst is dropped at once
    assertThat(h.entries()).containsExactly(e(0.7, 1), e(0.6, 2));
  }

  @Test
  void tiesDropTheSmallerFileNameLikePythonTuples() {
    CheckpointHeap h = new CheckpointHeap(1);
    h.push(e(0.5, 2));
    assertThat(h.push(e(0.5, 1))).contains(e(0.5, 1));
  }
}
