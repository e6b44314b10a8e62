package io.github.pneumo.dicom;

import org.jspecify.annotations.Nullable;

/**
 * One top-level data element: its tag, VR (null when implicit and not in the small dictionary), where
 * its value lies in a buffer, and the byte offset of its header in the (inflated) dataset, for messages.
 * The accessors do not check the length: {@link Attributes} does, before reading binary values.
 */
record Element(int tag, @Nullable Vr vr, byte[] buffer, int offset, int length, boolean bigEndian,
    long headerOffset) {

  int uint16(int index) {
    int p = offset + 2 * index;
    return bigEndian
        ? ((buffer[p] & 0xFF) << 8) | (buffer[p + 1] & 0xFF)
        : (buffer[p] & 0xFF) | ((buffer[p + 1] & 0xFF) << 8);
  }

  long uint32(int index) {
    int p = offset + 4 * index;
    long a = buffer[p] & 0xFF;
    long b = buffer[p + 1] & 0xFF;
    long c = buffer[p + 2] & 0xFF;
    long d = buffer[p + 3] & 0xFF;
    return bigEndian ? (a << 24) | (b << 16) | (c << 8) | d : a | (b << 8) | (c << 16) | (d << 24);
  }
}
