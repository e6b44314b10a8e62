package io.github.pneumo.synth;

import com.google.common.collect.ImmutableList;
import io.github.pneumo.PneumoException;
import io.github.pneumo.RleCodec;
import io.github.pneumo.data.Folds;
import io.github.pneumo.data.SiimLabels;
import io.github.pneumo.dicom.DicomTags;
import io.github.pneumo.dicom.DicomUids;
import io.github.pneumo.dicom.DicomWriter;
import io.github.pneumo.dicom.Vr;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.util.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic dataset in the exact on-disk format of the SIIM-ACR challenge, so that every code path
 * (DICOM reading, labels, folds, training, inference, submission) runs as on the real data:
 *
 * <pre>
 * OUT/dicom-images-train/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;ImageId&gt;.dcm
 * OUT/dicom-images-test/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;ImageId&gt;.dcm
 * OUT/train-rle.csv          labels of the train images, one row per annotation ("-1" when none)
 * OUT/test-rle.csv           the same for the test images (ground truth for demos and scoring)
 * OUT/sample_submission.csv  the test ids, each with "-1"
 * OUT/folds.csv              fname,fold,exist_labels: stratified folds of the train images
 * OUT/dataset.json           the generator's parameters and seed
 * OUT/files.sha256           SHA-256 of every file above (sha256sum format), written last
 * </pre>
 *
 * <p>DICOM files are CR Secondary Capture, MONOCHROME2, 8-bit, JPEG Baseline in one fragment with an
 * empty offset table, Explicit VR Little Endian meta, UIDs under {@code 2.25} derived from the seed, and
 * synthetic patient tags. Exactly {@code round(positiveRate · n)} images of each split are positive.
 * The output is byte-identical for the same settings whatever the thread count: each image's random
 * stream, UIDs and tags depend only on (seed, split, index).
 *
 * <pre>{@code
 * SyntheticDataset.builder().train(200).test(50).size(256).seed(7).build().write(Path.of("synth"));
 * }</pre>
 */
public final class SyntheticDataset {

  /** The positive rate of the real SIIM label set (2,669 of 12,047 images). */
  public static final double SIIM_POSITIVE_RATE = 0.2215;

  /** Folder of the train DICOMs. */
  public static final String TRAIN_DIR = "dicom-images-train";
  /** Folder of the test DICOMs. */
  public static final String TEST_DIR = "dicom-images-test";
  /** Labels of the train images. */
  public static final String TRAIN_LABELS = "train-rle.csv";
  /** Labels of the test images. */
  public static final String TEST_LABELS = "test-rle.csv";
  /** The test ids with empty predictions. */
  public static final String SAMPLE_SUBMISSION = "sample_submission.csv";
  /** Folds of the train images. */
  public static final String FOLDS = "folds.csv";
  /** Parameters of the generator. */
  public static final String MANIFEST = "dataset.json";

  private final int train;
  private final int test;
  private final int size;
  private final long seed;
  private final double positiveRate;
  private final double difficulty;
  private final @Nullable Path shapes;
  private final RleCodec codec;
  private final int folds;
  private final int threads;
  private final boolean overwrite;
  private final @Nullable PrintStream progress;
  private final ChestRadiographGenerator generator;

  private SyntheticDataset(Builder b) {
    this.train = b.train;
    this.test = b.test;
    this.size = b.size;
    this.seed = b.seed;
    this.positiveRate = b.positiveRate;
    this.difficulty = b.difficulty;
    this.shapes = b.shapes;
    this.codec = b.codec;
    this.folds = b.folds;
    this.threads = b.threads;
    this.overwrite = b.overwrite;
    this.progress = b.progress;
    this.generator = ChestRadiographGenerator.builder().size(size).difficulty(difficulty).shapes(shapes)
        .build();
  }

  /** @return a builder with the defaults (train 100, test 20, 1024², seed 0, SIIM positive rate) */
  public static Builder builder() {
    return new Builder();
  }

  /** The result of {@link #write(Path)}. 
   *
   * @param root the output folder
   * @param trainImages number of train images
   * @param trainPositives train images with pneumothorax
   * @param testImages number of test images
   * @param testPositives test images with pneumothorax
   */
  public record Summary(Path root, int trainImages, int trainPositives, int testImages, int testPositives) {}

  /**
   * Writes the dataset. The folder must not exist or be empty, unless {@link Builder#overwrite} was set:
   * then it must hold a previous dataset, proven by its {@code files.sha256} (every file listed with
   * unchanged content, every folder one the generator made), checked before anything is deleted; a
   * foreign or changed file fails with nothing deleted.
   *
   * @param out the output folder
   * @return counts of what was written
   * @throws SyntheticDataException if the folder is not empty or a file cannot be written
   */
  public Summary write(Path out) {
    prepare(out);
    SplitResult trainResult = writeSplit(out, TRAIN_DIR, 0, train, "train");
    SplitResult testResult = writeSplit(out, TEST_DIR, 1, test, "test");
    trainResult.labels.writeRows(out.resolve(TRAIN_LABELS), codec);
    testResult.labels.writeRows(out.resolve(TEST_LABELS), codec);
    SiimLabels.Builder sample = SiimLabels.builder(RleCodec.standard(), size, size);
    testResult.ids.forEach(sample::addEmpty);
    sample.build().writeRows(out.resolve(SAMPLE_SUBMISSION), RleCodec.standard());
    folds(trainResult).write(out.resolve(FOLDS));
    AtomicFiles.writeString(out.resolve(MANIFEST), manifest(trainResult, testResult));
    try {
      WrittenFiles.write(out);
    } catch (IOException e) {
      throw new SyntheticDataException("cannot list the written files in " + out + ": " + e, e);
    }
    return new Summary(out, train, trainResult.positives.size(), test, testResult.positives.size());
  }

  /** Stratified folds; with fewer train images than folds, as many folds as images (one fold: "0"). */
  private Folds folds(SplitResult r) {
    int k = effectiveFolds();
    if (k >= 2) {
      return Folds.stratified(r.ids, r.positives, k, seed);
    }
    return Folds.of(r.ids.stream().map(id -> new Folds.Entry(id, "0", r.positives.contains(id))).toList());
  }

  private int effectiveFolds() {
    return Math.min(folds, train);
  }

  private void prepare(Path out) {
    try {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new SyntheticDataException("output " + out + " is a file, not a folder");
      }
      Files.createDirectories(out);
      if (isEmpty(out)) {
        return;
      }
      if (!overwrite) {
        throw new SyntheticDataException("output folder " + out + " is not empty"
            + " (overwrite(true), --overwrite on the command line, replaces a dataset written there before)");
      }
      // everything is checked before the first deletion: a foreign or changed file leaves the folder untouched
      for (Path p : WrittenFiles.verifiedForDeletion(out)) {
        Files.deleteIfExists(p);
      }
      if (!isEmpty(out)) {
        throw new SyntheticDataException("output folder " + out + " is not empty after removing the previous "
            + "dataset (files were added meanwhile)");
      }
    } catch (IOException e) {
      throw new SyntheticDataException("cannot prepare output folder " + out + ": " + e, e);
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private record SplitResult(List<String> ids, Set<String> positives, SiimLabels labels) {}

  /** One written image: its id and its annotations already encoded (masks would cost 128 KiB each at 1024²). */
  private record Written(String imageId, List<String> encoded) {}

  private SplitResult writeSplit(Path out, String dir, int stream, int count, String name) {
    boolean[] positive = choosePositives(stream, count);
    List<Written> written = new ArrayList<>(count);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, count))), r -> {
      Thread t = new Thread(r, "pneumo-synth");
      t.setDaemon(true);
      return t;
    });
    try (ProgressBar bar = progress == null ? ProgressBar.quiet(count)
        : ProgressBar.create("synth " + name, count, progress)) {
      List<Future<Written>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          Written w = writeImage(out.resolve(dir), stream, index, positive[index]);
          bar.step();
          return w;
        }));
      }
      for (Future<Written> f : futures) {
        written.add(f.get());
      }
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof PneumoException p) {
        throw p;
      }
      throw new SyntheticDataException("generating " + name + " images failed: " + c, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyntheticDataException("interrupted while generating " + name + " images", e);
    } finally {
      pool.shutdownNow();
    }
    List<String> ids = new ArrayList<>(count);
    Set<String> positives = new LinkedHashSet<>();
    SiimLabels.Builder labels = SiimLabels.builder(codec, size, size);
    for (Written w : written) {
      ids.add(w.imageId());
      if (w.encoded().isEmpty()) {
        labels.addEmpty(w.imageId());
      } else {
        w.encoded().forEach(rle -> labels.addEncoded(w.imageId(), rle));
        positives.add(w.imageId());
      }
    }
    return new SplitResult(ImmutableList.copyOf(ids), positives, labels.build());
  }

  /** Exactly round(rate · count) positives, chosen by a seeded shuffle. */
  private boolean[] choosePositives(int stream, int count) {
    int n = (int) Math.round(positiveRate * count);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(ChestRadiographGenerator.mix(seed * 31 + stream + 0x51D));
    for (int i = count - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] positive = new boolean[count];
    for (int i = 0; i < n; i++) {
      positive[order[i]] = true;
    }
    return positive;
  }

  private Written writeImage(Path root, int stream, int index, boolean positive) {
    String split = stream == 0 ? "train" : "test";
    String key = split + "/" + index;
    String sop = DicomUids.derive(seed, key + "/image");
    String study = DicomUids.derive(seed, key + "/study");
    String series = DicomUids.derive(seed, key + "/series");
    SyntheticRadiograph r = generator.generate(seed, stream, index, positive);
    SplittableRandom tags = new SplittableRandom(ChestRadiographGenerator.mix(seed ^ (stream * 0x9E3779B97F4A7C15L + index)));
    String patient = patientId(tags);
    boolean pa = tags.nextDouble() < 0.6;
    DicomWriter writer = DicomWriter.builder()
        .sopInstanceUid(sop)
        .studyInstanceUid(study)
        .seriesInstanceUid(series)
        .attribute(DicomTags.STUDY_DATE, Vr.DA, "19010101")
        .attribute(DicomTags.STUDY_TIME, Vr.TM, "000000.00")
        .attribute(DicomTags.SERIES_DESCRIPTION, Vr.LO, "view: " + (pa ? "PA" : "AP"))
        .attribute(DicomTags.PATIENT_NAME, Vr.PN, patient)
        .attribute(DicomTags.PATIENT_ID, Vr.LO, patient)
        .attribute(DicomTags.PATIENT_SEX, Vr.CS, tags.nextBoolean() ? "M" : "F")
        .attribute(DicomTags.PATIENT_AGE, Vr.AS, Integer.toString(18 + tags.nextInt(70)))
        .attribute(DicomTags.BODY_PART_EXAMINED, Vr.CS, "CHEST")
        .attribute(DicomTags.VIEW_POSITION, Vr.CS, pa ? "PA" : "AP")
        .build();
    Path folder = root.resolve(study).resolve(series);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new SyntheticDataException("cannot create " + folder + ": " + e, e);
    }
    writer.write(r.image(), folder.resolve(sop + ".dcm"));
    return new Written(sop, r.lesions().stream().map(codec::encode).toList());
  }

  /** A random version-4-style UUID, like the anonymised SIIM patient names (no real person's data). */
  private static String patientId(SplittableRandom rng) {
    long hi = rng.nextLong();
    long lo = rng.nextLong();
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(hi, lo).toString();
  }

  private String manifest(SplitResult trainResult, SplitResult testResult) {
    StringBuilder sb = new StringBuilder("{\n");
    field(sb, "generator", quote("io.github.pneumo.synth.SyntheticDataset"));
    field(sb, "formatVersion", "1");
    field(sb, "seed", Long.toString(seed));
    field(sb, "train", Integer.toString(train));
    field(sb, "test", Integer.toString(test));
    field(sb, "size", Integer.toString(size));
    field(sb, "positiveRate", String.format(Locale.ROOT, "%s", positiveRate));
    field(sb, "difficulty", String.format(Locale.ROOT, "%s", difficulty));
    field(sb, "lucencyGreyLevels", String.format(Locale.ROOT, "[%s, %s]", 25 - 15 * difficulty, 45 - 30 * difficulty));
    field(sb, "shapes", shapes == null ? quote("procedural") : quote(shapes.getFileName().toString()));
    field(sb, "rleCodec", quote(codec.name()));
    field(sb, "folds", Integer.toString(Math.max(effectiveFolds(), train > 0 ? 1 : 0)));
    field(sb, "trainPositives", Integer.toString(trainResult.positives.size()));
    field(sb, "testPositives", Integer.toString(testResult.positives.size()));
    field(sb, "transferSyntax", quote("1.2.840.10008.1.2.4.50"));
    sb.setLength(sb.length() - 2);
    return sb.append("\n}\n").toString();
  }

  private static void field(StringBuilder sb, String key, String json) {
    sb.append("  ").append(quote(key)).append(": ").append(json).append(",\n");
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        q.append('\\').append(c);
      } else if (c < 0x20) {
        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        q.append(c);
      }
    }
    return q.append('"').toString();
  }

  /** Builder of a {@link SyntheticDataset}. Settings are validated as they are set. */
  public static final class Builder {
    private int train = 100;
    private int test = 20;
    private int size = 1024;
    private long seed;
    private double positiveRate = SIIM_POSITIVE_RATE;
    private double difficulty = ChestRadiographGenerator.DEFAULT_DIFFICULTY;
    private @Nullable Path shapes;
    private RleCodec codec = RleCodec.relative();
    private int folds = 5;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean overwrite;
    private @Nullable PrintStream progress;

    private Builder() {}

    /**
     * @param n number of train images, &ge; 0 (default 100)
     * @return this builder
     */
    public Builder train(int n) {
      this.train = count("train", n);
      return this;
    }

    /**
     * @param n number of test images, &ge; 0 (default 20)
     * @return this builder
     */
    public Builder test(int n) {
      this.test = count("test", n);
      return this;
    }

    /**
     * @param size image side in pixels, a multiple of 64 from 64 to 8192 (default 1024, as SIIM)
     * @return this builder
     */
    public Builder size(int size) {
      ChestRadiographGenerator.builder().size(size);
      this.size = size;
      return this;
    }

    /**
     * @param seed the seed every image, UID and fold derives from (default 0)
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @param rate fraction of images with pneumothorax in each split, in [0, 1] (default 0.2215)
     * @return this builder
     */
    public Builder positiveRate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new SyntheticDataException("positive rate must be in [0, 1], got " + rate);
      }
      this.positiveRate = rate;
      return this;
    }

    /**
     * @param difficulty lesion contrast scale in [0, 1] (default 0, the learnable end; see {@link
     *     ChestRadiographGenerator})
     * @return this builder
     */
    public Builder difficulty(double difficulty) {
      ChestRadiographGenerator.builder().difficulty(difficulty);
      this.difficulty = difficulty;
      return this;
    }

    /**
     * @param labels a SIIM label file whose real lesion shapes are used (e.g. {@code
     *     siim-train-rle.csv.gz}), or null for procedural shapes (default)
     * @return this builder
     */
    public Builder shapes(@Nullable Path labels) {
      this.shapes = labels;
      return this;
    }

    /**
     * @param codec the RLE format of {@code train-rle.csv} and {@code test-rle.csv} (default relative,
     *     the stage-1 format)
     * @return this builder
     */
    public Builder codec(RleCodec codec) {
      this.codec = codec;
      return this;
    }

    /**
     * @param k number of stratified folds in {@code folds.csv}, &ge; 2 (default 5, as the original)
     * @return this builder
     */
    public Builder folds(int k) {
      if (k < 2) {
        throw new SyntheticDataException("folds must be >= 2, got " + k);
      }
      this.folds = k;
      return this;
    }

    /**
     * @param threads worker threads, &ge; 1 (default: available processors); does not change the output
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new SyntheticDataException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * @param overwrite whether {@link #write} may delete a previous dataset in its output folder
     * @return this builder
     */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * @param out where to draw a progress bar (the CLI passes {@code System.err}), or null for none
     *     (default)
     * @return this builder
     */
    public Builder progress(@Nullable PrintStream out) {
      this.progress = out;
      return this;
    }

    /**
     * Builds the dataset description, loading and validating the shapes file if one was given.
     *
     * @return the dataset, ready to {@link SyntheticDataset#write}
     * @throws SyntheticDataException if the shapes file cannot be read or parsed
     */
    public SyntheticDataset build() {
      return new SyntheticDataset(this);
    }

    private static int count(String what, int n) {
      if (n < 0) {
        throw new SyntheticDataException("number of " + what + " images must be >= 0, got " + n);
      }
      return n;
    }
  }
}
