/** DJL losses: the original ComboLoss (BCE + dice + focal) on NDArrays. */
@NullMarked
package io.github.pneumo.djl.losses;

import org.jspecify.annotations.NullMarked;
