package io.github.pneumo.examples

import ai.djl.Model
import ai.djl.engine.Engine
import ai.djl.ndarray.types.DataType
import ai.djl.ndarray.types.Shape
import ai.djl.nn.Activation
import ai.djl.nn.SequentialBlock
import ai.djl.nn.convolutional.Conv2d
import ai.djl.nn.norm.BatchNorm
import io.github.pneumo.ComboLoss
import io.github.pneumo.Mask
import io.github.pneumo.ProbabilityMap
import io.github.pneumo.RleCodec
import io.github.pneumo.TripletThreshold
import io.github.pneumo.data.Folds
import io.github.pneumo.data.SiimLabels
import io.github.pneumo.data.cache.CachePreparer
import io.github.pneumo.data.cache.DicomTree
import io.github.pneumo.data.cache.TrainingCache
import io.github.pneumo.dicom.RadiographPredictor
import io.github.pneumo.dicom.RadiographReader
import io.github.pneumo.djl.inference.DjlSegmentationModel
import io.github.pneumo.djl.losses.DjlComboLoss
import io.github.pneumo.djl.training.SampleEncoder
import io.github.pneumo.djl.training.SampleSource
import io.github.pneumo.djl.training.SegmentationTrainer
import io.github.pneumo.djl.training.TrainingSettings
import io.github.pneumo.synth.SyntheticDataset
import io.github.pneumo.training.EpochSampler
import io.github.pneumo.training.SchedulerSpec
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The library from Kotlin, end to end, compiled with -Xjspecify-annotations=strict -Werror: a synthetic
 * SIIM dataset, the training cache, two epochs of a tiny convolutional network with the trainer and
 * ComboLoss, the model wrapped as a SegmentationModel (flip TTA), a synthetic DICOM predicted, the triplet
 * rule and the RLE line. A network of a few hundred parameters keeps it to seconds.
 */
class KotlinTrainingExampleTest {

  private fun tinyNetwork(seed: Int): Model {
    Engine.getEngine("PyTorch").setRandomSeed(seed)
    val block = SequentialBlock()
      .add(Conv2d.builder().setKernelShape(Shape(3, 3)).optPadding(Shape(1, 1)).setFilters(8).build())
      .add(BatchNorm.builder().build())
      .add(Activation.reluBlock())
      .add(Conv2d.builder().setKernelShape(Shape(1, 1)).setFilters(1).build())
    val model = Model.newInstance("tiny-kotlin")
    model.block = block
    block.initialize(model.ndManager, DataType.FLOAT32, Shape(1, 3, 64, 64))
    return model
  }

  @Test
  fun `train a tiny model on synthetic data, predict a DICOM, apply a triplet and encode RLE`(@TempDir dir: Path) {
    val size = 64 // the smallest synthetic DICOM
    val data = dir.resolve("data")
    SyntheticDataset.builder().train(15).test(1).size(size).seed(11).threads(1).build().write(data)
    val labels = SiimLabels.read(data.resolve(SyntheticDataset.TRAIN_LABELS), RleCodec.relative(), size, size)
    val cacheDir = dir.resolve("cache")
    val prepared = CachePreparer.builder().output(cacheDir).size(size).threads(1)
      .reader(RadiographReader.builtIn()::read)
      .labels { id -> if (labels.contains(id)) labels.annotationMasks(id) else listOf() }
      .build().prepare(DicomTree.find(data.resolve(SyntheticDataset.TRAIN_DIR)), listOf())
    assertThat(prepared.failures()).isEmpty()

    val folds = Folds.read(data.resolve(SyntheticDataset.FOLDS))
    val cache = TrainingCache.open(cacheDir)
    val train = SampleSource.of(folds.trainingIds("0"), cache::image, cache::mask)
    val valid = SampleSource.of(folds.validationIds("0"), cache::image, cache::mask)
    val settings = TrainingSettings.builder("kotlin", dir.resolve("run")).epochs(2).earlyStopping(2).topK(1)
      .batchSize(4).validationBatchSize(8).learningRate(1e-2).seed(11).workers(1)
      .triplets(listOf(TripletThreshold(0.75, 8, 0.3))).build()
    val network = tinyNetwork(11)
    val result = SegmentationTrainer.builder()
      .settings(settings)
      .model(network)
      .loss(DjlComboLoss(ComboLoss.builder().bce(3.0).dice(1.0).focal(4.0).build()))
      .training(train, EpochSampler.shuffle(train.size(), 11), SampleEncoder.plain())
      .validation(valid, SampleEncoder.plain())
      .schedule(SchedulerSpec.Constant().create(settings.learningRate()))
      .build()
      .train("0", false)
    assertThat(result.epochs()).hasSize(2)
    assertThat(result.epochs().map { it.lossComponents().keys.toList() }).allSatisfy {
      assertThat(it).containsExactly("bce", "dice", "focal")
    }
    // bestCheckpoint() is @Nullable: strict JSpecify makes Kotlin handle the null
    val best: Path = result.bestCheckpoint() ?: error("an epoch beats the inherited score 0, so it is saved")
    assertThat(best).exists()

    val dicom = DicomTree.find(data.resolve(SyntheticDataset.TEST_DIR)).first()
    // foldBatchNorm rewrites pneumo's own networks only; the plain DJL block runs as trained
    DjlSegmentationModel.builder("albunet").member(network).flip(true).foldBatchNorm(false).build().use { model ->
      val map: ProbabilityMap = RadiographPredictor.of(model).predict(dicom)
      assertThat(map.width()).isEqualTo(size)
      assertThat(map.height()).isEqualTo(size)
      assertThat(map.values().all { it in 0f..1f }).isTrue()

      val triplet = TripletThreshold(0.5, 12, 0.4)
      val mask: Mask = triplet.apply(map)
      // the rule by hand: empty unless at least minArea pixels exceed top; then every pixel above bottom
      val above = map.values().count { it > 0.5f }
      val expected = if (above < 12) 0 else map.values().count { it > 0.4f }
      assertThat(mask.area()).isEqualTo(expected)

      val rle: String = RleCodec.relative().encode(mask)
      if (expected == 0) assertThat(rle).isEqualTo("-1")
      assertThat(RleCodec.relative().decode(rle, size, size)).isEqualTo(mask)
      val line = "${DicomTree.imageId(dicom)},$rle"
      assertThat(line).matches("[0-9.]+,(-1|[0-9]+( [0-9]+)*)")
    }
  }
}
