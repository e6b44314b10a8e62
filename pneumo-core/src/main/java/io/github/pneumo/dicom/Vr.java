package io.github.pneumo.dicom;

import org.jspecify.annotations.Nullable;

/** DICOM value representations (PS3.5 §6.2). */
public enum Vr {
  /** Application Entity. */
  AE(false),
  /** Age String. */
  AS(false),
  /** Attribute Tag. */
  AT(false),
  /** Code String. */
  CS(false),
  /** Date. */
  DA(false),
  /** Decimal String. */
  DS(false),
  /** Date Time. */
  DT(false),
  /** Floating Point Double. */
  FD(false),
  /** Floating Point Single. */
  FL(false),
  /** Integer String. */
  IS(false),
  /** Long String. */
  LO(false),
  /** Long Text. */
  LT(false),
  /** Other Byte. */
  OB(true),
  /** Other Double. */
  OD(true),
  /** Other Float. */
  OF(true),
  /** Other Long. */
  OL(true),
  /** Other 64-bit Very Long. */
  OV(true),
  /** Other Word. */
  OW(true),
  /** Person Name. */
  PN(false),
  /** Short String. */
  SH(false),
  /** Signed Long. */
  SL(false),
  /** Sequence of Items. */
  SQ(true),
  /** Signed Short. */
  SS(false),
  /** Short Text. */
  ST(false),
  /** Signed 64-bit Very Long. */
  SV(true),
  /** Time. */
  TM(false),
  /** Unlimited Characters. */
  UC(true),
  /** Unique Identifier. */
  UI(false),
  /** Unsigned Long. */
  UL(false),
  /** Unknown. */
  UN(true),
  /** Universal Resource Identifier. */
  UR(true),
  /** Unsigned Short. */
  US(false),
  /** Unlimited Text. */
  UT(true),
  /** Unsigned 64-bit Very Long. */
  UV(true);

  private static final Vr[] BY_CODE = new Vr[26 * 26];

  static {
    for (Vr vr : values()) {
      BY_CODE[code(vr.name().charAt(0), vr.name().charAt(1))] = vr;
    }
  }

  private final boolean longLength;

  Vr(boolean longLength) {
    this.longLength = longLength;
  }

  /**
   * Whether explicit-VR encodings give this VR a 4-byte length (after 2 reserved bytes).
   *
   * @return true for OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV
   */
  public boolean hasLongLength() {
    return longLength;
  }

  /** Whether values of this VR are text (padded with spaces, or NUL for UI). */
  boolean isText() {
    return switch (this) {
      case AE, AS, CS, DA, DS, DT, IS, LO, LT, PN, SH, ST, TM, UC, UI, UR, UT -> true;
      default -> false;
    };
  }

  /** The VR for two ASCII bytes, or null when they are not a known VR. */
  static @Nullable Vr of(int c1, int c2) {
    if (c1 < 'A' || c1 > 'Z' || c2 < 'A' || c2 > 'Z') {
      return null;
    }
    return BY_CODE[code(c1, c2)];
  }

  private static int code(int c1, int c2) {
    return (c1 - 'A') * 26 + (c2 - 'A');
  }
}
