package io.github.pneumo.augment;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * With probability p, applies exactly one child, chosen with probability proportional to the children's
 * own p (albumentations OneOf; the chosen child always fires).
 *
 * @param transforms the children, at least one, with a positive total p
 * @param p probability that one child is applied
 */
public record OneOf(List<Transform> transforms, double p) implements Transform {

  /** Validates and copies the children. */
  public OneOf {
    transforms = ImmutableList.copyOf(transforms);
    Preconditions.checkArgument(!transforms.isEmpty(), "OneOf needs at least one transform");
    double total = transforms.stream().mapToDouble(Transform::p).sum();
    Preconditions.checkArgument(total > 0, "OneOf children's probabilities sum to 0");
    Probability.check(p);
  }

  /** Chooses a child index by the normalised child probabilities. */
  int choose(SplittableRandom rng) {
    double total = transforms.stream().mapToDouble(Transform::p).sum();
    double u = rng.nextDouble() * total;
    double acc = 0;
    for (int i = 0; i < transforms.size(); i++) {
      acc += transforms.get(i).p();
      if (u < acc) {
        return i;
      }
    }
    return transforms.size() - 1;
  }

  @Override
  public Sample applyAlways(Sample sample, SplittableRandom rng) {
    return transforms.get(choose(rng)).applyAlways(sample, rng);
  }
}
