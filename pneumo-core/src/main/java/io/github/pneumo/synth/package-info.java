/**
 * Synthetic chest radiographs with pneumothorax annotations, written as a dataset in the exact on-disk
 * format of the SIIM-ACR challenge ({@link io.github.pneumo.synth.SyntheticDataset}), so every code path
 * of pneumo can run without the Kaggle download. Lives in pneumo-core because it needs no deep-learning
 * runtime and other modules' tests generate data with it.
 */
@NullMarked
package io.github.pneumo.synth;

import org.jspecify.annotations.NullMarked;
