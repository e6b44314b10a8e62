package io.github.pneumo.dicom;

import com.google.common.hash.Hashing;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic DICOM UIDs under the UUID-derived root {@code 2.25} (PS3.5 §B.2): {@code 2.25.} followed
 * by the decimal value of a 128-bit UUID, which needs no registration. The UUID is an RFC 9562 version 8
 * (custom) UUID made from the SHA-256 of a seed and a key, so the same seed and key always give the same
 * UID and different keys give different UIDs (with overwhelming probability).
 *
 * <p>Use {@link #derive(long, String)} when UIDs must not depend on generation order (e.g. one key per
 * image in a multi-threaded generator), or a sequence from {@link #seeded(long)}.
 */
public final class DicomUids {
  /** The root of all UIDs made here. */
  public static final String ROOT = "2.25";

  /** pneumo's Implementation Class UID, written into the file meta group. */
  public static final String IMPLEMENTATION_CLASS_UID = derive(0, "io.github.pneumo implementation class");

  private final long seed;
  private long counter;

  private DicomUids(long seed) {
    this.seed = seed;
  }

  /**
   * A sequence of UIDs determined by a seed.
   *
   * @param seed the seed
   * @return a generator whose {@link #next()} values depend only on the seed and call count
   */
  public static DicomUids seeded(long seed) {
    return new DicomUids(seed);
  }

  /**
   * The next UID of this sequence. Not thread-safe.
   *
   * @return {@code derive(seed, "#" + n)} for the n-th call (0-based)
   */
  public String next() {
    return derive(seed, "#" + counter++);
  }

  /**
   * The UID for a seed and a key.
   *
   * @param seed the seed
   * @param key any text identifying the object, e.g. {@code "study/17"}
   * @return a valid UID of at most 44 characters under {@link #ROOT}
   */
  public static String derive(long seed, String key) {
    byte[] hash = Hashing.sha256().newHasher()
        .putLong(seed)
        .putString(key, StandardCharsets.UTF_8)
        .hash()
        .asBytes();
    byte[] uuid = java.util.Arrays.copyOf(hash, 16);
    uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x80); // version 8
    uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80); // RFC variant
    return ROOT + "." + new BigInteger(1, uuid);
  }

  /**
   * Whether a string is a syntactically valid UID: at most 64 characters, dot-separated numeric
   * components without leading zeros.
   *
   * @param uid the candidate
   * @return true when valid
   */
  public static boolean isValid(String uid) {
    if (uid.isEmpty() || uid.length() > 64) {
      return false;
    }
    for (String component : uid.split("\\.", -1)) {
      if (component.isEmpty() || !component.chars().allMatch(c -> c >= '0' && c <= '9')
          || (component.length() > 1 && component.charAt(0) == '0')) {
        return false;
      }
    }
    return true;
  }
}
