package io.github.pneumo.dicom;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the pixel data lies: a native value ({@code fragments == null}) or encapsulated fragments (the
 * basic offset table excluded).
 *
 * @param buffer the bytes holding the value
 * @param headerOffset offset of the element's tag, for error messages
 * @param offset offset of the native value
 * @param length length of the native value
 * @param vr the element's VR (null when implicit)
 * @param bigEndian whether a native value is big endian
 * @param offsetTable the basic offset table entries (empty when absent)
 * @param fragments the encapsulated fragments, or null for native data
 */
record PixelDataElement(
    byte[] buffer,
    long headerOffset,
    int offset,
    int length,
    @Nullable Vr vr,
    boolean bigEndian,
    long[] offsetTable,
    @Nullable List<Fragment> fragments) {

  /** One encapsulated fragment. */
  record Fragment(int offset, int length) {}
}
