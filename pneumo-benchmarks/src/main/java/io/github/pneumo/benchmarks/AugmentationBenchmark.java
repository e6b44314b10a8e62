package io.github.pneumo.benchmarks;

import io.github.pneumo.augment.Augmentation;
import io.github.pneumo.augment.Augmentations;
import io.github.pneumo.augment.ElasticTransform;
import io.github.pneumo.augment.GridDistortion;
import io.github.pneumo.augment.HorizontalFlip;
import io.github.pneumo.augment.Normalization;
import io.github.pneumo.augment.OpticalDistortion;
import io.github.pneumo.augment.RandomContrast;
import io.github.pneumo.augment.Sample;
import io.github.pneumo.augment.ShiftScaleRotate;
import io.github.pneumo.augment.ToTensor;
import io.github.pneumo.augment.Transform;
import io.github.pneumo.image.GreyImage;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of each augmentation (forced on) on a size² image + mask, of the whole training pipeline (with
 * its probabilities) and of the tensor conversion. Baseline: {@code flip}, a plain copy of both arrays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AugmentationBenchmark {

  /** Image side. */
  @Param({"1024"})
  public int size;

  private Sample sample;
  private Augmentation pipeline;
  private long index;
  private final SplittableRandom rng = new SplittableRandom(1);
  private final float[] tensor = new float[3 * 1024 * 1024];
  private final Map<String, Transform> transforms = Map.of(
      "flip", new HorizontalFlip(1),
      "contrast", new RandomContrast(-0.2, 0.2, 1),
      "elastic", new ElasticTransform(120, 6, 3.6, 1),
      "grid", new GridDistortion(5, -0.3, 0.3, 1),
      "optical", new OpticalDistortion(-2, 2, -0.5, 0.5, 1),
      "shiftScaleRotate", new ShiftScaleRotate(-0.0625, 0.0625, -0.1, 0.1, -45, 45, 1));

  /** Builds a smooth synthetic image with a disc mask. */
  @Setup
  public void setUp() {
    byte[] px = new byte[size * size];
    byte[] mask = new byte[size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        px[y * size + x] = (byte) (128 + 100 * Math.sin(x / 40.0) * Math.cos(y / 30.0));
        int dx = x - size / 3;
        int dy = y - size / 3;
        mask[y * size + x] = (byte) (dx * dx + dy * dy < size * size / 36 ? 255 : 0);
      }
    }
    sample = Sample.of(new GreyImage(size, size, px), new GreyImage(size, size, mask));
    pipeline = Augmentations.preset("train_complex_old", size);
  }

  /** @return flipped sample (baseline) */
  @Benchmark
  public Sample flip() {
    return transforms.get("flip").applyAlways(sample, rng);
  }

  /** @return contrast-adjusted sample */
  @Benchmark
  public Sample contrast() {
    return transforms.get("contrast").applyAlways(sample, rng);
  }

  /** @return elastically deformed sample */
  @Benchmark
  public Sample elastic() {
    return transforms.get("elastic").applyAlways(sample, rng);
  }

  /** @return grid-distorted sample */
  @Benchmark
  public Sample grid() {
    return transforms.get("grid").applyAlways(sample, rng);
  }

  /** @return optically distorted sample */
  @Benchmark
  public Sample optical() {
    return transforms.get("optical").applyAlways(sample, rng);
  }

  /** @return rotated, scaled and shifted sample */
  @Benchmark
  public Sample shiftScaleRotate() {
    return transforms.get("shiftScaleRotate").applyAlways(sample, rng);
  }

  /** @return one sample through the whole train_complex_old pipeline (mean over many draws) */
  @Benchmark
  public Sample pipeline() {
    return pipeline.apply(sample, 42, 0, index++);
  }

  /** @return the ImageNet-normalised 3×H×W tensor data */
  @Benchmark
  public float[] toTensor() {
    ToTensor.image(sample.image(), Normalization.IMAGENET, tensor, 0);
    return tensor;
  }
}
