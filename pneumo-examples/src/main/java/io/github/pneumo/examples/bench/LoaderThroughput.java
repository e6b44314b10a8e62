package io.github.pneumo.examples.bench;

import ai.djl.Device;
import ai.djl.Model;
import io.github.pneumo.ComboLoss;
import io.github.pneumo.augment.Augmentations;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.losses.DjlComboLoss;
import io.github.pneumo.djl.training.Batch;
import io.github.pneumo.djl.training.BatchLoader;
import io.github.pneumo.training.EpochSampler;
import io.github.pneumo.djl.training.SampleEncoder;
import io.github.pneumo.djl.training.SampleSource;
import io.github.pneumo.djl.training.SegmentationTrainer;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.training.ConstantLr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A scripted timing (not a test): how fast the prefetch loader produces augmented training batches
 * ({@code train_complex_old} preset) against how fast AlbuNet consumes them in training steps, at a given
 * size. Run: {@code java -cp ... io.github.pneumo.examples.bench.LoaderThroughput SIZE BATCH STEPS
 * WORKERS...}. Results are in docs/training.md.
 */
public final class LoaderThroughput {

  private LoaderThroughput() {}

  /**
   * Entry point.
   *
   * @param args size, batch size, model steps, then worker counts to time the loader with
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[0]);
    int batch = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    int images = 16;
    SampleSource source = noise(images, 1024);
    SampleEncoder encoder = SampleEncoder.augmented(Augmentations.preset("train_complex_old", size), 42);
    for (int a = 3; a < args.length; a++) {
      int workers = Integer.parseInt(args[a]);
      int[] order = EpochSampler.shuffle(images, 1).indices(0);
      try (BatchLoader loader = new BatchLoader(source, encoder, workers, 2 * Math.max(1, workers))) {
        drain(loader.epoch(order, batch, 0)); // warm-up
        long t = System.nanoTime();
        int n = drain(loader.epoch(order, batch, 1));
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "loader %d² from 1024² cache, %d worker(s): %.2f images/s%n", size, workers, n / s);
      }
    }
    if (steps > 0) {
      Path dir = Files.createTempDirectory("pneumo-throughput");
      TrainingSettings settings = TrainingSettings.builder("throughput", dir).epochs(1).batchSize(batch)
          .validationBatchSize(batch).workers(1).prefetchBatches(4).build();
      SampleSource train = noise(steps * batch, size);
      try (Model model = io.github.pneumo.djl.SegmentationNetworks.create(Architecture.ALBUNET, 42, Device.cpu())) {
        DjlComboLoss loss = new DjlComboLoss(ComboLoss.builder().bce(3).dice(1).focal(4).build());
        SegmentationTrainer trainer = SegmentationTrainer.builder().settings(settings).model(model).loss(loss)
            .training(train, EpochSampler.shuffle(train.size(), 1), SampleEncoder.plain())
            .validation(noise(1, size), SampleEncoder.plain())
            .schedule(new ConstantLr(1e-4)).build();
        double ips = trainer.train("0", false).epochs().get(0).imagesPerSecond();
        System.out.printf(Locale.ROOT, "AlbuNet training %d², batch %d: %.3f images/s (%d steps, incl. first-step warm-up)%n",
            size, batch, ips, steps);
      }
    }
  }

  private static int drain(Iterator<Batch> it) {
    int n = 0;
    while (it.hasNext()) {
      n += it.next().size();
    }
    return n;
  }

  private static SampleSource noise(int count, int size) {
    GreyImage[] images = new GreyImage[count];
    GreyImage[] masks = new GreyImage[count];
    Random r = new Random(7);
    for (int i = 0; i < count; i++) {
      byte[] px = new byte[size * size];
      r.nextBytes(px);
      byte[] m = new byte[size * size];
      for (int y = size / 4; y < size / 2; y++) {
        for (int x = size / 4; x < size / 2; x++) {
          m[y * size + x] = (byte) 255;
        }
      }
      images[i] = new GreyImage(size, size, px);
      masks[i] = new GreyImage(size, size, m);
    }
    List<String> ids = java.util.stream.IntStream.range(0, count).mapToObj(i -> "noise" + i).toList();
    return SampleSource.of(ids, id -> images[Integer.parseInt(id.substring(5))], id -> masks[Integer.parseInt(id.substring(5))]);
  }
}
