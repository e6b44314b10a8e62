package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

  /** A randomised encoder seeded by (epoch, position), like the augmentations. */
  private static final SampleEncoder NOISY = (image, mask, epoch, position) -> {
    EncodedSample plain = SampleEncoder.plain().encode(image, mask, epoch, position);
    Random r = new Random(31L * epoch + position);
    float[] img = plain.image().clone();
    for (int i = 0; i < img.length; i++) {
      img[i] += (float) r.nextGaussian();
    }
    return new EncodedSample(3, plain.height(), plain.width(), img, plain.mask());
  };

  private static List<Batch> all(int workers, int prefetch) {
    SampleSource src = TinySegmentation.blobs(11, 16, 9);
    int[] order = TinySegmentation.shuffle(11, 3).indices(2);
    List<Batch> out = new ArrayList<>();
    try (BatchLoader l = new BatchLoader(src, NOISY, workers, prefetch)) {
      Iterator<Batch> it = l.epoch(order, 3, 2);
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  @Test
  void batchesDoNotDependOnTheNumberOfWorkers() {
    List<Batch> serial = all(0, 1);
    assertThat(serial).hasSize(4);
    assertThat(serial.get(3).size()).isEqualTo(2);
    for (int workers : new int[] {1, 3, 5}) {
      List<Batch> parallel = all(workers, 2);
      assertThat(parallel).hasSize(4);
      for (int b = 0; b < 4; b++) {
        assertThat(parallel.get(b).images()).isEqualTo(serial.get(b).images());
        assertThat(parallel.get(b).masks()).isEqualTo(serial.get(b).masks());
      }
    }
  }

  @Test
  void aFailingSampleNamesItsId() {
    SampleSource src = TinySegmentation.blobs(4, 16, 9);
    SampleEncoder failing = (image, mask, epoch, position) -> {
      throw new IllegalStateException("boom");
    };
    try (BatchLoader l = new BatchLoader(src, failing, 2, 2)) {
      Iterator<Batch> it = l.epoch(new int[] {2, 1}, 2, 0);
      assertThatThrownBy(it::next).isInstanceOf(TrainingException.class).hasMessageContaining("blob2")
          .hasMessageContaining("boom");
    }
  }
}
