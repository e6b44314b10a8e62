package io.github.pneumo.synth;

import io.github.pneumo.Mask;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Generates single synthetic chest radiographs, with or without a pneumothorax. Immutable and
 * thread-safe; an image depends only on (seed, index, positive), never on the thread that renders it.
 *
 * <p><b>Difficulty</b> (0 to 1, default 0) scales the lesion's contrast. A pneumothorax is rendered
 * {@code lucency} grey levels darker than the lung would be at that place, with the lung markings
 * removed, and a bright visceral pleural line plus a slightly denser collapsed-lung edge along its inner
 * border. {@code lucency} is drawn per image, uniformly in {@code [25 - 15d, 45 - 30d]}: difficulty 0
 * gives 25–45 (learnt by AlbuNet from scratch at 128² in ~10 CPU-minutes), 0.5 gives 17.5–30 and 1 gives
 * 10–15 (not learnt in 20 CPU-minutes). The pleural line adds 50–80 % of the lucency, the denser edge 30 %.
 */
public final class ChestRadiographGenerator {

  /** The default difficulty: the learnable end of the scale. */
  public static final double DEFAULT_DIFFICULTY = 0.0;

  private final int size;
  private final double difficulty;
  private final @Nullable LesionShapes shapes;

  private ChestRadiographGenerator(Builder b) {
    this.size = b.size;
    this.difficulty = b.difficulty;
    this.shapes = b.shapes == null ? null : LesionShapes.load(b.shapes);
  }

  /** @return a builder with size 1024, difficulty 0 and procedural lesion shapes */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the image side in pixels */
  public int size() {
    return size;
  }

  /** @return the difficulty in [0, 1] */
  public double difficulty() {
    return difficulty;
  }

  /**
   * Generates one radiograph.
   *
   * @param seed the dataset seed
   * @param index the image's index within its stream (e.g. its position in the train set)
   * @param stream a number separating independent sequences (e.g. 0 for train, 1 for test)
   * @param positive whether to paint a pneumothorax
   * @return the image and its annotations
   */
  public SyntheticRadiograph generate(long seed, int stream, long index, boolean positive) {
    return generate(seed, stream, index, positive, true);
  }

  /**
   * As {@link #generate(long, int, long, boolean)}; with {@code paint} false the same case is rendered
   * without painting its lesions (same anatomy, lungs, noise), which tests use to see what the lesion
   * changed.
   */
  SyntheticRadiograph generate(long seed, int stream, long index, boolean positive, boolean paint) {
    SplittableRandom rng = random(seed, stream, index);
    Case c = draw(rng, positive);
    LesionLook look = look(rng);
    LungFitter.Layout layout = c.layout();
    return new SyntheticRadiograph(
        ChestRenderer.render(layout.anatomy(), layout.lungs(), paint ? layout.lesion() : null, look, rng),
        c.lesions());
  }

  /** The fitted layout and annotations of a case, as {@link #generate} draws them; for tests. */
  Case layout(long seed, int stream, long index, boolean positive) {
    return draw(random(seed, stream, index), positive);
  }

  /** The lung layout of a case and its annotations. */
  record Case(LungFitter.Layout layout, List<Mask> lesions) {}

  private static SplittableRandom random(long seed, int stream, long index) {
    return new SplittableRandom(mix(mix(seed) ^ mix(stream * 0x632BE59BD9B4E019L + index)));
  }

  private Case draw(SplittableRandom rng, boolean positive) {
    Anatomy anatomy = Anatomy.random(rng);
    if (positive && shapes != null) {
      List<Mask> lesions = shapes.draw(rng, size);
      return new Case(LungFitter.fit(anatomy, size, lesions), lesions);
    }
    LungFitter.Layout layout = LungFitter.fit(anatomy, size, List.of());
    if (!positive) {
      return new Case(layout, List.of());
    }
    List<Mask> lesions = ProceduralLesions.draw(layout.lungs(), rng);
    return new Case(new LungFitter.Layout(layout.anatomy(), layout.lungs(), union(lesions).toRowMajor((byte) 1)),
        lesions);
  }

  private LesionLook look(SplittableRandom rng) {
    double lo = 25 - 15 * difficulty;
    double hi = 45 - 30 * difficulty;
    double lucency = lo + (hi - lo) * rng.nextDouble();
    return new LesionLook(lucency, lucency * (0.5 + 0.3 * rng.nextDouble()), Math.max(1, 0.0022 * size),
        lucency * 0.3, Math.max(2, 0.012 * size));
  }

  private Mask union(List<Mask> masks) {
    Mask u = Mask.empty(size, size);
    for (Mask m : masks) {
      u = u.union(m);
    }
    return u;
  }

  /** The murmur3 64-bit finaliser: a bijective mix of a long. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  /** Builder of a {@link ChestRadiographGenerator}. */
  public static final class Builder {
    private int size = 1024;
    private double difficulty = DEFAULT_DIFFICULTY;
    private @Nullable Path shapes;

    private Builder() {}

    /**
     * @param size image side in pixels, a positive multiple of 64 (default 1024)
     * @return this builder
     */
    public Builder size(int size) {
      if (size < 64 || size % 64 != 0 || size > 8192) {
        throw new SyntheticDataException("size must be a multiple of 64 between 64 and 8192, got " + size);
      }
      this.size = size;
      return this;
    }

    /**
     * @param difficulty lesion contrast scale in [0, 1]: 0 (default) is the learnable end, see the class
     *     documentation
     * @return this builder
     */
    public Builder difficulty(double difficulty) {
      if (!(difficulty >= 0 && difficulty <= 1)) {
        throw new SyntheticDataException("difficulty must be in [0, 1], got " + difficulty);
      }
      this.difficulty = difficulty;
      return this;
    }

    /**
     * @param labels a SIIM label file (relative RLE, 1024² coordinates, plain or gzip) whose real lesion
     *     shapes replace the procedural ones, or null for procedural shapes
     * @return this builder
     */
    public Builder shapes(@Nullable Path labels) {
      this.shapes = labels;
      return this;
    }

    /**
     * Builds the generator, loading and validating the shapes file if one was given.
     *
     * @return the generator
     * @throws SyntheticDataException if the shapes file cannot be read or parsed
     */
    public ChestRadiographGenerator build() {
      return new ChestRadiographGenerator(this);
    }
  }
}
