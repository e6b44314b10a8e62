package io.github.pneumo.djl.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import io.github.pneumo.djl.losses.SegmentationLoss;
import io.github.pneumo.training.ConstantLr;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accumulating the gradients of k batches of n (loss not divided) then stepping once equals one step on
 * batches of k·n up to Adam's scale invariance (the summed gradient is k times the mean one), and differs
 * from stepping after every batch.
 */
class GradientAccumulationTest {

  private static float[] trainOnce(Path dir, int batchSize, int accumulation) {
    ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(3);
    SequentialBlock block = new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
        .add(Activation.reluBlock())
        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
    block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    try (Model model = Model.newInstance("acc")) {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 16, 16));
      TrainingSettings s = TrainingSettings.builder("acc", dir).epochs(1).topK(1).batchSize(batchSize)
          .accumulationSteps(accumulation).gradientClipping(0).weightDecay(0).learningRate(0.01)
          .triplets(TinySegmentation.smallTriplets()).workers(0).build();
      SampleSource data = TinySegmentation.blobs(16, 16, 4);
      SegmentationTrainer.builder().settings(s).model(model).loss(SegmentationLoss.of(Loss.sigmoidBinaryCrossEntropyLoss()))
          .training(data, epoch -> java.util.stream.IntStream.range(0, 16).toArray(), SampleEncoder.plain())
          .validation(data, SampleEncoder.plain()).schedule(new ConstantLr(0.01)).build().train("0", false);
      return block.getChildren().get(0).getValue().getParameters().valueAt(0).getArray().toFloatArray();
    }
  }

  @Test
  void accumulatingTwoBatchesOfTwoStepsLikeOneBatchOfFour(@TempDir Path dir) {
    float[] accumulated = trainOnce(dir.resolve("a"), 2, 2);
    float[] large = trainOnce(dir.resolve("b"), 4, 1);
    float[] everyBatch = trainOnce(dir.resolve("c"), 2, 1);
    double maxDiff = 0;
    double maxDiffEvery = 0;
    for (int i = 0; i < large.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(accumulated[i] - large[i]));
      maxDiffEvery = Math.max(maxDiffEvery, Math.abs(everyBatch[i] - large[i]));
    }
    assertThat(maxDiff).isLessThan(1e-4);
    assertThat(maxDiffEvery).isGreaterThan(1e-3);
  }
}
