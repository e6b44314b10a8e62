/**
 * Kaggle submissions: reading the sample submission, turning probability maps into one RLE row per
 * image id with the original's rules (triplet, leak, contour clean-up), writing the CSV atomically and
 * scoring a submission against the truth with the Kaggle mean Dice.
 */
@NullMarked
package io.github.pneumo.submission;

import org.jspecify.annotations.NullMarked;
