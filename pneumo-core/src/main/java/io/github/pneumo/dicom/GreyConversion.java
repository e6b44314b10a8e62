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
    double[] modality = modalityValues(image, values, frame * pixels, pixels);
    OptionalDouble center = image.windowCenter();
    OptionalDouble width = image.windowWidth();
    byte[] out = new byte[pixels];
    if (center.isPresent() && width.isPresent() && width.getAsDouble() >= 1) {
      double c = center.getAsDouble() - 0.5;
      double w = width.getAsDouble() - 1;
      for (int i = 0; i < pixels; i++) {
        double x = modality[i];
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
      for (double x : modality) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      double range = max - min;
      for (int i = 0; i < pixels; i++) {
        int y = range == 0 ? 0 : (int) Math.round((modality[i] - min) * 255 / range);
        out[i] = (byte) (invert ? 255 - y : y);
      }
    }
    return new GreyImage(image.columns(), image.rows(), out);
  }

  /** Stored values masked to BitsStored (sign-extended when signed), times slope plus intercept. */
  private static double[] modalityValues(DicomImage image, byte[] values, int first, int count) {
    int bits = image.bitsStored() > 0 && image.bitsStored() <= image.bitsAllocated()
        ? image.bitsStored() : image.bitsAllocated();
    int shift = 32 - bits;
    boolean signed = image.isSigned();
    double slope = image.rescaleSlope();
    double intercept = image.rescaleIntercept();
    double[] out = new double[count];
    boolean wide = image.bitsAllocated() == 16;
    for (int i = 0; i < count; i++) {
      int p = first + i;
      int raw = wide ? (values[2 * p] & 0xFF) | (values[2 * p + 1] & 0xFF) << 8 : values[p] & 0xFF;
      int v = signed ? (raw << shift) >> shift : (raw << shift) >>> shift;
      out[i] = v * slope + intercept;
    }
    return out;
  }
}
