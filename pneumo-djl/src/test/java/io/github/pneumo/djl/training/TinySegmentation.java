package io.github.pneumo.djl.training;

import io.github.pneumo.training.EpochSampler;
import io.github.pneumo.TripletThreshold;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.nn.Parameter;
import io.github.pneumo.Mask;
import io.github.pneumo.image.GreyImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test fixtures: a tiny fully convolutional network and a synthetic "bright blob" data set. */
final class TinySegmentation {

  private TinySegmentation() {}

  /** A three-layer conv net, "encoder" = the first conv + BN, initialised with a fixed seed. */
  static Model model(int seed) {
    ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(seed);
    SequentialBlock block = new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
        .add(Activation.reluBlock())
        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    Model model = Model.newInstance("tiny");
    model.setBlock(block);
    block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
    return model;
  }

  /** Freezes the first two children (conv + BN). */
  static EncoderFreeze freeze(Model model) {
    return frozen -> {
      var children = model.getBlock().getChildren();
      java.util.function.Predicate<Parameter> trainable =
          p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
      children.get(0).getValue().freezeParameters(frozen, trainable);
      children.get(1).getValue().freezeParameters(frozen, trainable);
    };
  }

  /** Images with a bright disc (the mask) on noise for positives, noise only for negatives. */
  static SampleSource blobs(int count, int size, long seed) {
    List<GreyImage> images = new ArrayList<>();
    List<GreyImage> masks = new ArrayList<>();
    Random r = new Random(seed);
    for (int i = 0; i < count; i++) {
      byte[] px = new byte[size * size];
      byte[] mb = new byte[size * size];
      boolean positive = i % 2 == 0;
      int cx = size / 4 + r.nextInt(size / 2);
      int cy = size / 4 + r.nextInt(size / 2);
      int rad = size / 8 + r.nextInt(size / 8);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int v = 40 + r.nextInt(60);
          if (positive && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad) {
            v += 110;
            mb[y * size + x] = (byte) 255;
          }
          px[y * size + x] = (byte) v;
        }
      }
      images.add(new GreyImage(size, size, px));
      masks.add(new GreyImage(size, size, mb));
    }
    return new SampleSource() {
      @Override
      public int size() {
        return count;
      }

      @Override
      public String id(int index) {
        return "blob" + index;
      }

      @Override
      public GreyImage image(int index) {
        return images.get(index);
      }

      @Override
      public GreyImage mask(int index) {
        return masks.get(index);
      }
    };
  }

  /** A seeded shuffle of all samples per epoch. */
  static EpochSampler shuffle(int count, long seed) {
    return EpochSampler.shuffle(count, seed);
  }

  /** Triplets scaled to small images. */
  static List<TripletThreshold> smallTriplets() {
    return List.of(new TripletThreshold(0.75, 10, 0.3), new TripletThreshold(0.75, 10, 0.5), new TripletThreshold(0.6, 20, 0.4));
  }

  /** The validation score of predicting every image empty: the share of negative images. */
  static double allEmptyBaseline(SampleSource valid) {
    int negatives = 0;
    for (int i = 0; i < valid.size(); i++) {
      if (Mask.fromRowMajor(valid.mask(i).width(), valid.mask(i).height(), valid.mask(i).pixels()).isEmpty()) {
        negatives++;
      }
    }
    return (double) negatives / valid.size();
  }
}
