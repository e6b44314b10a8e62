package io.github.pneumo.dicom;

/**
 * A decoder for single-component 12-bit sequential DCT JPEG (process 4, Huffman coded), which neither
 * the JDK nor TwelveMonkeys reads. The inverse DCT is the accurate integer algorithm of the IJG
 * library ("islow", Loeffler-Ligtenberg-Moschytz, 13 constant bits, 1 pass-1 bit for 12-bit samples)
 * with its range limiting, so the output equals libjpeg's (and dcmtk's) sample for sample.
 */
final class Jpeg12Decoder {
  private static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13,
    6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38,
    31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };
  private static final int CONST_BITS = 13;
  private static final int PASS1_BITS = 1;
  private static final int MAX_SAMPLE = 4095;
  private static final int CENTER = 2048;

  private final byte[] b;
  private int pos;
  private final int[][] quant = new int[4][];
  private final Huffman[] dcTables = new Huffman[4];
  private final Huffman[] acTables = new Huffman[4];
  private int width;
  private int height;
  private int quantIndex;
  private int restartInterval;
  // bit reader
  private int bitBuffer;
  private int bitCount;
  private boolean hitMarker;
  private boolean starved;

  private Jpeg12Decoder(byte[] data) {
    this.b = data;
  }

  /** Whether a codestream is 12-bit sequential DCT (SOF0/SOF1 with precision 12). */
  static boolean handles(byte[] data) {
    int p = 2;
    while (p + 4 < data.length && (data[p] & 0xFF) == 0xFF) {
      int marker = data[p + 1] & 0xFF;
      int length = ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
      if (marker == 0xC0 || marker == 0xC1) {
        return p + 4 < data.length && (data[p + 4] & 0xFF) == 12;
      }
      if (marker == 0xDA) {
        return false;
      }
      p += 2 + length;
    }
    return false;
  }

  /**
   * Decodes a codestream to row-major 12-bit samples.
   *
   * @throws IllegalArgumentException for codestreams outside this decoder's scope or corrupt ones
   */
  static int[] decode(byte[] data, int expectedWidth, int expectedHeight) {
    return new Jpeg12Decoder(data).run(expectedWidth, expectedHeight);
  }

  private int[] run(int expectedWidth, int expectedHeight) {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      throw new IllegalArgumentException("no JPEG SOI marker");
    }
    pos = 2;
    while (true) {
      int marker = nextMarker();
      int length = u16(pos);
      int segment = pos + 2;
      int next = pos + length;
      if (next > b.length) {
        throw new IllegalArgumentException("JPEG segment " + Integer.toHexString(marker) + " truncated");
      }
      switch (marker) {
        case 0xC0, 0xC1 -> readFrame(segment, expectedWidth, expectedHeight);
        case 0xC4 -> readHuffman(segment, next);
        case 0xDB -> readQuant(segment, next);
        case 0xDD -> restartInterval = u16(segment);
        case 0xDA -> {
          pos = next;
          return readScan(segment);
        }
        default -> {
          if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            throw new IllegalArgumentException("unsupported JPEG process (SOF marker "
                + Integer.toHexString(marker) + ")");
          }
        }
      }
      pos = next;
    }
  }

  private int nextMarker() {
    while (pos + 1 < b.length && !((b[pos] & 0xFF) == 0xFF && (b[pos + 1] & 0xFF) != 0xFF
        && (b[pos + 1] & 0xFF) != 0)) {
      pos++;
    }
    if (pos + 3 >= b.length) {
      throw new IllegalArgumentException("JPEG codestream ends before the scan");
    }
    int marker = b[pos + 1] & 0xFF;
    pos += 2;
    return marker;
  }

  private void readFrame(int p, int expectedWidth, int expectedHeight) {
    if ((b[p] & 0xFF) != 12) {
      throw new IllegalArgumentException("precision " + (b[p] & 0xFF) + " is not 12");
    }
    height = u16(p + 1);
    width = u16(p + 3);
    int components = b[p + 5] & 0xFF;
    if (components != 1) {
      throw new IllegalArgumentException(components + " components; only greyscale 12-bit JPEG is supported");
    }
    if (width != expectedWidth || height != expectedHeight) {
      throw new IllegalArgumentException("codestream is " + width + "x" + height + ", the dataset declares "
          + expectedWidth + "x" + expectedHeight);
    }
    quantIndex = b[p + 8] & 3;
  }

  private void readQuant(int p, int end) {
    while (p < end) {
      int pq = (b[p] & 0xFF) >> 4;
      int tq = b[p] & 3;
      p++;
      int[] table = new int[64];
      for (int k = 0; k < 64; k++) {
        table[ZIGZAG[k]] = pq == 0 ? b[p++] & 0xFF : u16((p += 2) - 2);
      }
      quant[tq] = table;
    }
  }

  private void readHuffman(int p, int end) {
    while (p < end) {
      int tc = (b[p] & 0xFF) >> 4;
      int th = b[p] & 3;
      int[] counts = new int[17];
      int total = 0;
      for (int i = 1; i <= 16; i++) {
        counts[i] = b[p + i] & 0xFF;
        total += counts[i];
      }
      if (p + 17 + total > end) {
        throw new IllegalArgumentException("DHT segment truncated");
      }
      int[] symbols = new int[total];
      for (int i = 0; i < total; i++) {
        symbols[i] = b[p + 17 + i] & 0xFF;
      }
      (tc == 0 ? dcTables : acTables)[th] = new Huffman(counts, symbols);
      p += 17 + total;
    }
  }

  private int[] readScan(int p) {
    if ((b[p] & 0xFF) != 1) {
      throw new IllegalArgumentException("scan with " + (b[p] & 0xFF) + " components");
    }
    Huffman dc = dcTables[(b[p + 2] & 0xFF) >> 4];
    Huffman ac = acTables[b[p + 2] & 3];
    int[] q = quant[quantIndex];
    if (dc == null || ac == null || q == null || width == 0) {
      throw new IllegalArgumentException("missing frame header, Huffman or quantization table");
    }
    int blocksX = (width + 7) / 8;
    int blocksY = (height + 7) / 8;
    int[] out = new int[width * height];
    int[] coef = new int[64];
    int[] workspace = new int[64];
    int[] block = new int[64];
    int predictor = 0;
    int mcu = 0;
    for (int by = 0; by < blocksY; by++) {
      for (int bx = 0; bx < blocksX; bx++) {
        if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
          restart();
          predictor = 0;
        }
        mcu++;
        java.util.Arrays.fill(coef, 0);
        int s = dc.decode(this);
        predictor += extend(receive(s), s);
        coef[0] = predictor;
        for (int k = 1; k < 64; k++) {
          int rs = ac.decode(this);
          int r = rs >> 4;
          s = rs & 15;
          if (s != 0) {
            k += r;
            if (k > 63) {
              break;
            }
            coef[ZIGZAG[k]] = extend(receive(s), s);
          } else if (r == 15) {
            k += 15;
          } else {
            break;
          }
        }
        if (starved) {
          throw new IllegalArgumentException("JPEG data ends before block " + (mcu - 1) + " of "
              + blocksX * blocksY + " is complete (truncated or corrupt codestream)");
        }
        idct(coef, q, workspace, block);
        for (int y = 0; y < 8 && by * 8 + y < height; y++) {
          for (int x = 0; x < 8 && bx * 8 + x < width; x++) {
            out[(by * 8 + y) * width + bx * 8 + x] = block[y * 8 + x];
          }
        }
      }
    }
    return out;
  }

  private void restart() {
    bitBuffer = 0;
    bitCount = 0;
    hitMarker = false;
    while (pos + 1 < b.length) {
      if ((b[pos] & 0xFF) == 0xFF && (b[pos + 1] & 0xFF) >= 0xD0 && (b[pos + 1] & 0xFF) <= 0xD7) {
        pos += 2;
        return;
      }
      pos++;
    }
  }

  private int readBit() {
    if (bitCount == 0) {
      int next = 0;
      boolean loaded = false;
      if (!hitMarker && pos < b.length) {
        next = b[pos] & 0xFF;
        int after = pos + 1 < b.length ? b[pos + 1] & 0xFF : 0xD9;
        if (next != 0xFF) {
          pos++;
          loaded = true;
        } else if (after == 0) {
          pos += 2;
          loaded = true;
        } else {
          hitMarker = true;
          next = 0;
        }
      }
      starved |= !loaded;
      bitBuffer = next;
      bitCount = 8;
    }
    bitCount--;
    return (bitBuffer >> bitCount) & 1;
  }

  private int receive(int s) {
    int v = 0;
    for (int i = 0; i < s; i++) {
      v = (v << 1) | readBit();
    }
    return v;
  }

  private static int extend(int v, int s) {
    return s == 0 ? 0 : v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
  }

  /** libjpeg's jpeg_idct_islow for 12-bit samples, including its range-limit table semantics. */
  private static void idct(int[] in, int[] q, int[] ws, int[] out) {
    for (int c = 0; c < 8; c++) {
      if (in[8 + c] == 0 && in[16 + c] == 0 && in[24 + c] == 0 && in[32 + c] == 0 && in[40 + c] == 0
          && in[48 + c] == 0 && in[56 + c] == 0) {
        int dc = in[c] * q[c] << PASS1_BITS;
        for (int r = 0; r < 8; r++) {
          ws[r * 8 + c] = dc;
        }
        continue;
      }
      long[] t = butterfly(
          (long) in[c] * q[c], (long) in[8 + c] * q[8 + c], (long) in[16 + c] * q[16 + c],
          (long) in[24 + c] * q[24 + c], (long) in[32 + c] * q[32 + c], (long) in[40 + c] * q[40 + c],
          (long) in[48 + c] * q[48 + c], (long) in[56 + c] * q[56 + c]);
      for (int r = 0; r < 8; r++) {
        ws[r * 8 + c] = (int) descale(t[r], CONST_BITS - PASS1_BITS);
      }
    }
    for (int r = 0; r < 8; r++) {
      int o = r * 8;
      long[] t = butterfly(ws[o], ws[o + 1], ws[o + 2], ws[o + 3], ws[o + 4], ws[o + 5], ws[o + 6], ws[o + 7]);
      for (int c = 0; c < 8; c++) {
        out[o + c] = rangeLimit(descale(t[c], CONST_BITS + PASS1_BITS + 3));
      }
    }
  }

  /** One 8-point pass of the islow IDCT; returns the 8 outputs before descaling. */
  private static long[] butterfly(long x0, long x1, long x2, long x3, long x4, long x5, long x6, long x7) {
    long z1 = (x2 + x6) * 4433;
    long tmp2 = z1 + x6 * -15137;
    long tmp3 = z1 + x2 * 6270;
    long tmp0 = (x0 + x4) << CONST_BITS;
    long tmp1 = (x0 - x4) << CONST_BITS;
    long tmp10 = tmp0 + tmp3;
    long tmp13 = tmp0 - tmp3;
    long tmp11 = tmp1 + tmp2;
    long tmp12 = tmp1 - tmp2;

    tmp0 = x7;
    tmp1 = x5;
    tmp2 = x3;
    tmp3 = x1;
    z1 = tmp0 + tmp3;
    long z2 = tmp1 + tmp2;
    long z3 = tmp0 + tmp2;
    long z4 = tmp1 + tmp3;
    long z5 = (z3 + z4) * 9633;
    tmp0 *= 2446;
    tmp1 *= 16819;
    tmp2 *= 25172;
    tmp3 *= 12299;
    z1 *= -7373;
    z2 *= -20995;
    z3 *= -16069;
    z4 *= -3196;
    z3 += z5;
    z4 += z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;
    return new long[] {
      tmp10 + tmp3, tmp11 + tmp2, tmp12 + tmp1, tmp13 + tmp0,
      tmp13 - tmp0, tmp12 - tmp1, tmp11 - tmp2, tmp10 - tmp3
    };
  }

  private static long descale(long x, int n) {
    return (x + (1L << (n - 1))) >> n;
  }

  /** libjpeg's post-IDCT range limit: wrap to the table's 14-bit index range, centre, clamp. */
  private static int rangeLimit(long v) {
    int wrapped = (int) (((v + 8192) & 16383) - 8192);
    int s = wrapped + CENTER;
    return s < 0 ? 0 : Math.min(s, MAX_SAMPLE);
  }

  private int u16(int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  /** A canonical Huffman table decoded bit by bit (12-bit images are small in DICOM practice). */
  private static final class Huffman {
    private final int[] maxCode = new int[18];
    private final int[] valPtr = new int[17];
    private final int[] minCode = new int[17];
    private final int[] symbols;

    Huffman(int[] counts, int[] symbols) {
      this.symbols = symbols;
      int code = 0;
      int k = 0;
      for (int len = 1; len <= 16; len++) {
        valPtr[len] = k;
        minCode[len] = code;
        code += counts[len];
        k += counts[len];
        maxCode[len] = counts[len] == 0 ? -1 : code - 1;
        code <<= 1;
      }
      maxCode[17] = Integer.MAX_VALUE;
    }

    int decode(Jpeg12Decoder in) {
      int code = in.readBit();
      for (int len = 1; len <= 16; len++) {
        if (maxCode[len] >= 0 && code <= maxCode[len]) {
          return symbols[valPtr[len] + code - minCode[len]];
        }
        code = (code << 1) | in.readBit();
      }
      throw new IllegalArgumentException("corrupt Huffman code in the JPEG scan");
    }
  }
}
