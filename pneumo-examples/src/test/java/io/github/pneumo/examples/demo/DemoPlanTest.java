package io.github.pneumo.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Sizing the demo to a budget from a probe measurement (no network is run here: the speeds are given). */
class DemoPlanTest {
  private static final OptionalInt ANY = OptionalInt.empty();
  private static final DemoSettings DEFAULTS = DemoSettings.defaults(42);
  /** Speeds like the developers' idle 2-core machine (README: a training step ≈ 1.7 s). */
  private static final ThroughputProbe.Throughput FAST = new ThroughputProbe.Throughput(1.2, 0.02, 0.005, 10);
  /** Three times slower. */
  private static final ThroughputProbe.Throughput SLOW = new ThroughputProbe.Throughput(3.6, 0.06, 0.015, 30);

  @Test
  void stepsPerEpochFollowTheSlidingSampler() {
    // 1,500 images: 332 positives, 266 in folds 1-4; 266 + floor(266 * 0.4 / 0.6) = 443 samples in batches of 8
    assertThat(DemoPlan.stepsPerEpoch(DEFAULTS)).isEqualTo(56);
    assertThat(DemoPlan.stepsPerEpoch(DEFAULTS.withImages(750, 300))).isEqualTo(28);
    assertThat(DemoPlan.given(DEFAULTS).totalSteps()).isEqualTo(4 * 56);
  }

  @Test
  void theTimeModelAddsItsParts() {
    double predicted = DemoPlan.predictSeconds(DEFAULTS, FAST);
    double expected = 1800 * 0.005 * DemoPlan.GENERATE_FACTOR
        + 4 * (56 * 1.2 * DemoPlan.STEP_FACTOR + 300 * 0.02 * DemoPlan.VALIDATION_FACTOR)
        + 600 * 2 * 0.02 * DemoPlan.INFERENCE_FACTOR + DemoPlan.FIXED_STEPS * 1.2;
    assertThat(predicted).isCloseTo(expected, within(1e-9));
  }

  @Test
  void aFastMachineRunsTheFullDemo() {
    DemoPlan plan = DemoPlan.fit(DEFAULTS, ANY, ANY, ANY, 12 * 60, 20, FAST);
    assertThat(plan.fits()).isTrue();
    assertThat(plan.settings()).isEqualTo(DEFAULTS);
    assertThat(plan.options()).isEqualTo("--train 1500 --test 300 --epochs 4");
    assertThat(plan.describe()).startsWith("plan: 1500 training images (56 steps per epoch), 4 epochs")
        .contains("within the 12.0-min budget").contains("the same plan again: --train 1500 --test 300 --epochs 4");
  }

  @Test
  void aSlowMachineGetsASmallerPlanThatFitsAndStillTrains() {
    DemoPlan plan = DemoPlan.fit(DEFAULTS, ANY, ANY, ANY, 12 * 60, 60, SLOW);
    assertThat(plan.fits()).isTrue();
    assertThat(plan.predictedSeconds()).isLessThanOrEqualTo((12 * 60 - 60) * DemoPlan.SAFETY);
    assertThat(plan.totalSteps()).isLessThan(4 * 56).isGreaterThanOrEqualTo(60);
    // nothing larger fits: one more epoch, or the next larger training set, would overrun
    DemoSettings s = plan.settings();
    if (s.epochs() < DEFAULTS.epochs()) {
      assertThat(DemoPlan.predictSeconds(s.withEpochs(s.epochs() + 1), SLOW))
          .isGreaterThan((12 * 60 - 60) * DemoPlan.SAFETY);
    }
  }

  @Test
  void aThreeTimesSlowerMachineKeepsAHeldOutSetAndSeveralDozenSteps() {
    // speeds three times the developers' (a training step 4.4 s, 15 images/s inference)
    ThroughputProbe.Throughput slow3 = new ThroughputProbe.Throughput(4.4, 0.067, 0.017, 25);
    DemoPlan plan = DemoPlan.fit(DEFAULTS, ANY, ANY, ANY, 12 * 60, 30, slow3);
    assertThat(plan.fits()).isTrue();
    assertThat(plan.settings().testImages()).isEqualTo(300);
    assertThat(plan.totalSteps()).isBetween(56L, 100L);
  }

  @Test
  void valuesTheUserFixedAreKept() {
    DemoPlan plan = DemoPlan.fit(DEFAULTS.withEpochs(2), ANY, ANY, OptionalInt.of(2), 12 * 60, 60, SLOW);
    assertThat(plan.settings().epochs()).isEqualTo(2);
    DemoPlan images = DemoPlan.fit(DEFAULTS.withImages(1000, 300), OptionalInt.of(1000), ANY, ANY, 12 * 60, 60, SLOW);
    assertThat(images.settings().trainImages()).isEqualTo(1000);
  }

  @Test
  void whenNothingFitsTheSmallestPlanIsMarked() {
    DemoPlan plan = DemoPlan.fit(DEFAULTS, ANY, ANY, ANY, 2 * 60, 60, SLOW);
    assertThat(plan.fits()).isFalse();
    assertThat(plan.settings().epochs()).isEqualTo(1);
    assertThat(plan.settings().trainImages()).isEqualTo(250);
    assertThat(plan.settings().testImages()).isEqualTo(100);
    assertThat(plan.describe()).contains("does NOT fit");
  }

  @Test
  void aGivenPlanHasNoProbe() {
    assertThat(DemoPlan.given(DemoSettings.quick(7)).describe())
        .isEqualTo("plan (given): 40 training images (4 steps per epoch), 1 epoch (cosine decay over them), "
            + "8 held-out images");
  }
}
