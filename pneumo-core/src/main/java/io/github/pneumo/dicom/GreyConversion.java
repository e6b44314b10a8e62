package io.github.pneumo.dicom;

import io.github.pneumo.image.GreyImage;
import java.util.Arrays;
import java.util.OptionalDouble;

/** The conversion rule of {@link DicomImage#toGreyImage(int)}. */
final class GreyConversion {
  private GreyConversion() {}

  static GreyImage convert(DicomImage image, byte[] values, int frame) {
    String where = image.source() + " (frame " + frame + ")";
    if (frame < 0 || frame >= image.frames()) {
      throw new IllegalArgumentException("frame " + frame + " out of range 0.." + (image.frames() - 1));
    }
    if (image.samplesPerPixel() != 1) {
      throw new DicomException(where + ": " + image.photometricInterpretation()
          + " colour image; only greyscale (MONOCHROME1/2) converts to a grey image");
    }
    String photometric = image.photometricInterpretation();
    boolean invert = photometric.equals("MONOCHROME1");
    if (!invert && !photometric.equals("MONOCHROME2")) {
      throw new DicomException(where + ": photometric interpretation " + photometric
          + " is not greyscale (MONOCHROME1/2)");
    }
    int pixels = image.rows() * image.columns();
    if (image.bitsAllocated() == 8 && !image.isSigned() && !invert) {
      byte[] frameValues = Arrays.copyOfRange(values, frame * pixels, (frame + 1) * pixels);
      return new GreyImage(image.columns(), image.rows(), frameValues);
    }
    Modality modality = new Modality(image, values, frame * pixels);
    OptionalDouble center = image.windowCenter();
    OptionalDouble width = image.windowWidth();
    byte[] out = new byte[pixels];
    if (center.isPresent() && width.isPresent() && width.getAsDouble() >= 1) {
      double c = center.getAsDouble() - 0.5;
      double w = width.getAsDouble() - 1;
      for (int i = 0; i < pixels; i++) {
        double x = modality.value(i);
        int y;
        if (x <= c - w / 2) {
          y = 0;
        } else if (x > c + w / 2) {
          y = 255;
        } else {
          y = w == 0 ? 255 : (int) Math.round(((x - c) / w + 0.5) * 255);
        }
        out[i] = (byte) (invert ? 255 - y : y);
      }
    } else {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < pixels; i++) {
        double x = modality.value(i);
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      double range = max - min;
      if (!Double.isFinite(range)) {
        throw new DicomException(where + ": Rescale Slope " + image.rescaleSlope() + " and Intercept "
            + image.rescaleIntercept() + " give values from " + min + " to " + max + ", not a finite range");
      }
      for (int i = 0; i < pixels; i++) {
        int y = range == 0 ? 0 : (int) Math.round((modality.value(i) - min) * 255 / range);
        out[i] = (byte) (invert ? 255 - y : y);
      }
    }
    return new GreyImage(image.columns(), image.rows(), out);
  }

  /**
   * Stored values masked to BitsStored (sign-extended when signed), times slope plus intercept, computed
   * per pixel when asked (a frame-sized array of doubles would cost 8 bytes per pixel).
   */
  private static final class Modality {
    private final byte[] values;
    private final int first;
    private final int shift;
    private final boolean signed;
    private final boolean wide;
    private final double slope;
    private final double intercept;

    Modality(DicomImage image, byte[] values, int first) {
      int bits = image.bitsStored() > 0 && image.bitsStored() <= image.bitsAllocated()
          ? image.bitsStored() : image.bitsAllocated();
      this.values = values;
      this.first = first;
      this.shift = 32 - bits;
      this.signed = image.isSigned();
      this.wide = image.bitsAllocated() == 16;
      this.slope = image.rescaleSlope();
      this.intercept = image.rescaleIntercept();
    }

    double value(int i) {
      int p = first + i;
      int raw = wide ? (values[2 * p] & 0xFF) | (values[2 * p + 1] & 0xFF) << 8 : values[p] & 0xFF;
      int v = signed ? (raw << shift) >> shift : (raw << shift) >>> shift;
      return v * slope + intercept;
    }
  }
}
