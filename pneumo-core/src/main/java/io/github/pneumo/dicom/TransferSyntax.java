package io.github.pneumo.dicom;

/** Transfer syntax UIDs and the properties of their encoding that the parser needs. */
public final class TransferSyntax {
  private TransferSyntax() {}

  /** Implicit VR Little Endian (the DICOM default). */
  public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
  /** Explicit VR Little Endian. */
  public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
  /** Deflated Explicit VR Little Endian. */
  public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
  /** Explicit VR Big Endian (retired). */
  public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";
  /** JPEG Baseline (process 1), 8-bit lossy. */
  public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
  /** JPEG Extended (process 2 and 4), 12-bit lossy. */
  public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
  /** JPEG Lossless, non-hierarchical (process 14). */
  public static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
  /** JPEG Lossless, non-hierarchical, first-order prediction (process 14, selection value 1). */
  public static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
  /** JPEG-LS lossless (not decodable by pneumo). */
  public static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
  /** JPEG-LS near-lossless (not decodable by pneumo). */
  public static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";
  /** JPEG 2000 lossless only. */
  public static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
  /** JPEG 2000 (lossless or lossy). */
  public static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
  /** RLE Lossless. */
  public static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

  /** Whether the dataset of this syntax uses explicit VRs (everything but implicit VR LE). */
  static boolean isExplicitVr(String uid) {
    return !IMPLICIT_VR_LITTLE_ENDIAN.equals(uid);
  }

  /** Whether the dataset of this syntax is big endian. */
  static boolean isBigEndian(String uid) {
    return EXPLICIT_VR_BIG_ENDIAN.equals(uid);
  }

  /** Whether the dataset of this syntax is deflated. */
  static boolean isDeflated(String uid) {
    return DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(uid);
  }

  /** Whether pixel data of this syntax is native (not encapsulated). */
  static boolean isNative(String uid) {
    return IMPLICIT_VR_LITTLE_ENDIAN.equals(uid)
        || EXPLICIT_VR_LITTLE_ENDIAN.equals(uid)
        || EXPLICIT_VR_BIG_ENDIAN.equals(uid)
        || DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(uid);
  }
}
