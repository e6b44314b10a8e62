package io.github.pneumo.djl.experiment;

/**
 * ComboLoss weights (the original's {@code CRITERION.ARGS.weights}).
 *
 * @param bce weight of binary cross-entropy on logits
 * @param dice weight of the batch soft Dice loss
 * @param focal weight of the focal loss (γ = 2)
 */
public record LossWeights(double bce, double dice, double focal) {}
