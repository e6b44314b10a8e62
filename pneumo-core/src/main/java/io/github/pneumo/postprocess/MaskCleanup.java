package io.github.pneumo.postprocess;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The original's optional clean-ups after thresholding ({@code TripletSubmit}), done with connected
 * components instead of OpenCV contours.
 *
 * <p>Foreground components are 8-connected and background (holes) 4-connected, as OpenCV's contour
 * tracing sees them. Drawing an outer contour filled keeps the component and fills its holes; so both
 * operations return the kept components with their holes filled.
 *
 * <p><b>Difference from the original.</b> OpenCV's {@code contourArea} is the area of the polygon through
 * the boundary pixels' centres, which is smaller than the pixel count: a filled k×k square has polygon
 * area (k−1)², a one-pixel-wide line has 0. Here the area is the pixel count, so a component whose pixel
 * count exceeds the limit but whose polygon area does not is kept here and dropped by the original. This
 * only matters for components within about half their perimeter of the limit.
 */
public final class MaskCleanup {
  private MaskCleanup() {}

  /**
   * The original's {@code MIN_CONTOUR_AREA} clean-up: drops 8-connected components of at most {@code
   * minArea} pixels and fills the holes of the others.
   *
   * @param mask the mask
   * @param minArea components must have strictly more pixels than this to stay, &ge; 0
   * @return the cleaned mask
   */
  public static Mask removeSmallComponents(Mask mask, int minArea) {
    Preconditions.checkArgument(minArea >= 0, "minArea must be >= 0, got %s", minArea);
    if (mask.isEmpty()) {
      return mask;
    }
    Components c = Components.label(mask);
    boolean[] keep = new boolean[c.count + 1];
    for (int l = 1; l <= c.count; l++) {
      keep[l] = c.areas[l] > minArea;
    }
    return c.render(keep, true);
  }

  /**
   * The original's {@code USECONTOURS} clean-up: keeps the n largest 8-connected components (by pixel
   * count; the first in column-major order on a tie) and fills their holes.
   *
   * @param mask the mask
   * @param n how many components to keep, &ge; 0
   * @return the cleaned mask
   */
  public static Mask keepLargest(Mask mask, int n) {
    Preconditions.checkArgument(n >= 0, "n must be >= 0, got %s", n);
    if (mask.isEmpty()) {
      return mask;
    }
    Components c = Components.label(mask);
    List<Integer> labels = new ArrayList<>();
    for (int l = 1; l <= c.count; l++) {
      labels.add(l);
    }
    labels.sort(Comparator.<Integer>comparingInt(l -> -c.areas[l]).thenComparingInt(l -> l));
    boolean[] keep = new boolean[c.count + 1];
    for (int i = 0; i < Math.min(n, labels.size()); i++) {
      keep[labels.get(i)] = true;
    }
    return c.render(keep, true);
  }

  /**
   * Fills the holes of a mask: background pixels not 4-connected to the image border become foreground.
   *
   * @param mask the mask
   * @return the filled mask
   */
  public static Mask fillHoles(Mask mask) {
    if (mask.isEmpty()) {
      return mask;
    }
    Components c = Components.label(mask);
    boolean[] keep = new boolean[c.count + 1];
    java.util.Arrays.fill(keep, true);
    return c.render(keep, true);
  }

  /**
   * The 8-connected components of a mask.
   *
   * @param mask the mask
   * @return the components' pixel counts, in order of their first pixel in column-major order
   */
  public static int[] componentAreas(Mask mask) {
    Components c = Components.label(mask);
    return java.util.Arrays.copyOfRange(c.areas, 1, c.count + 1);
  }
}
