package io.github.pneumo.synth;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import io.github.pneumo.image.GreyImage;
import java.util.List;

/**
 * One generated chest radiograph and its pneumothorax annotations (none for a negative case; several
 * for a multi-annotation case, each one row of a label file).
 *
 * @param image the 8-bit image, MONOCHROME2
 * @param lesions the annotations, each a non-empty mask of the image's size
 */
public record SyntheticRadiograph(GreyImage image, List<Mask> lesions) {

  /** Copies the annotation list and checks the masks' sizes. */
  public SyntheticRadiograph {
    lesions = List.copyOf(lesions);
    for (Mask m : lesions) {
      Preconditions.checkArgument(m.width() == image.width() && m.height() == image.height(),
          "lesion %s does not match image %s", m, image);
    }
  }

  /** @return whether the image shows a pneumothorax */
  public boolean positive() {
    return !lesions.isEmpty();
  }

  /** @return the union of all annotations (empty for a negative case) */
  public Mask union() {
    Mask u = Mask.empty(image.width(), image.height());
    for (Mask m : lesions) {
      u = u.union(m);
    }
    return u;
  }
}
