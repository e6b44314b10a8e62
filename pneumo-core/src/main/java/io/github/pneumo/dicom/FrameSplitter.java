package io.github.pneumo.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Groups encapsulated fragments into one compressed byte stream per frame. */
final class FrameSplitter {
  private FrameSplitter() {}

  /**
   * Splits the fragments into frames: one fragment per frame when the counts agree, everything for a
   * single frame, else by the basic offset table, else by fragments that start a new codestream.
   */
  static List<byte[]> split(Path file, PixelDataElement pixels, int frames, String syntax) {
    List<PixelDataElement.Fragment> fragments = pixels.fragments();
    if (fragments == null || fragments.isEmpty()) {
      throw new DicomException(file + ": encapsulated pixel data at byte offset " + pixels.headerOffset()
          + " has no fragments");
    }
    byte[] b = pixels.buffer();
    if (fragments.size() == frames) {
      List<byte[]> out = new ArrayList<>(frames);
      for (PixelDataElement.Fragment f : fragments) {
        out.add(java.util.Arrays.copyOfRange(b, f.offset(), f.offset() + f.length()));
      }
      return out;
    }
    List<Integer> starts = new ArrayList<>();
    if (frames == 1) {
      starts.add(0);
    } else if (pixels.offsetTable().length == frames) {
      int base = fragments.get(0).offset() - 8;
      for (long offset : pixels.offsetTable()) {
        int index = indexOfFragmentAt(fragments, base + offset);
        if (index < 0) {
          throw new DicomException(file + ": basic offset table entry " + offset
              + " does not point to a fragment (pixel data at byte offset " + pixels.headerOffset() + ")");
        }
        starts.add(index);
      }
    } else {
      for (int i = 0; i < fragments.size(); i++) {
        PixelDataElement.Fragment f = fragments.get(i);
        if (f.length() >= 2 && (b[f.offset()] & 0xFF) == 0xFF
            && ((b[f.offset() + 1] & 0xFF) == 0xD8 || (b[f.offset() + 1] & 0xFF) == 0x4F)) {
          starts.add(i);
        }
      }
      if (starts.size() != frames) {
        throw new DicomException(file + ": cannot assign " + fragments.size() + " fragments to " + frames
            + " frames (transfer syntax " + syntax + ", pixel data at byte offset "
            + pixels.headerOffset() + ")");
      }
    }
    List<byte[]> out = new ArrayList<>(frames);
    for (int k = 0; k < starts.size(); k++) {
      int from = starts.get(k);
      int to = k + 1 < starts.size() ? starts.get(k + 1) : fragments.size();
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      for (int i = from; i < to; i++) {
        frame.write(b, fragments.get(i).offset(), fragments.get(i).length());
      }
      out.add(frame.toByteArray());
    }
    return out;
  }

  private static int indexOfFragmentAt(List<PixelDataElement.Fragment> fragments, long itemOffset) {
    for (int i = 0; i < fragments.size(); i++) {
      if (fragments.get(i).offset() - 8 == itemOffset) {
        return i;
      }
    }
    return -1;
  }
}
