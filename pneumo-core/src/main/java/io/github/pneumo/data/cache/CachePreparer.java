package io.github.pneumo.data.cache;

import com.google.common.base.Preconditions;
import io.github.pneumo.Mask;
import io.github.pneumo.PneumoException;
import io.github.pneumo.image.GreyImage;
import io.github.pneumo.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link TrainingCache} from DICOM files and labels, like the original's {@code prepare_png}
 * but resumable and robust: a file already in the cache is skipped (files are written atomically, so an
 * existing one is complete), an input that cannot be read or labelled is reported and skipped, and the
 * {@link PrepareSummary} says how many were skipped and why. Failures to <em>write</em> (disk full,
 * permissions) abort the run.
 */
public final class CachePreparer {
  private static final Logger LOG = LoggerFactory.getLogger(CachePreparer.class);

  /** Receives progress; called from worker threads, so it must be thread-safe. */
  @FunctionalInterface
  public interface ProgressListener {
    /**
     * One more input is done (written, present or skipped); called exactly once per input.
     *
     * @param done inputs finished so far
     * @param total inputs in this run
     */
    void progress(int done, int total);
  }

  /** The labels of a training image, decoded at that image's own size. */
  @FunctionalInterface
  public interface LabelSource {
    /**
     * The instance masks of one training image.
     *
     * @param imageId the image id
     * @param width the image's width (the size its runs refer to)
     * @param height the image's height
     * @return width×height masks, one per annotation; empty for a negative or unlabelled image
     * @throws PneumoException when a label does not fit the image (reported for this image only)
     */
    List<Mask> masks(String imageId, int width, int height);
  }

  private final Path output;
  private final int size;
  private final int threads;
  private final Function<Path, GreyImage> reader;
  private final LabelSource labels;
  private final @Nullable String labelsIdentity;
  private final ProgressListener progress;

  private CachePreparer(Builder b) {
    this.output = Objects.requireNonNull(b.output, "output folder not set");
    this.reader = Objects.requireNonNull(b.reader, "image reader not set");
    this.labels = Objects.requireNonNull(b.labels, "labels not set");
    this.labelsIdentity = b.labelsIdentity;
    this.size = b.size;
    this.threads = b.threads;
    this.progress = b.progress;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Prepares the cache: {@link #initialise()}, then {@link #prepareEntries} — train files get image and
   * mask, test files the image only.
   *
   * @param trainFiles training DICOMs (in the order they are processed)
   * @param testFiles test DICOMs
   * @return what happened
   * @throws PneumoException when the output folder holds a cache of another size or format, or a file
   *     cannot be written
   */
  public PrepareSummary prepare(List<Path> trainFiles, List<Path> testFiles) {
    initialise();
    return prepareEntries(trainFiles, testFiles);
  }

  /**
   * Sets up the output folder: creates it, checks (or writes) the manifest's size and removes temporary
   * files left by a killed run. {@link #prepare} calls it; a distributed run calls it once, before its
   * workers fill the folder with {@link #prepareEntries}.
   *
   * @throws PneumoException when the output folder holds a cache of another size or format, or cannot be
   *     created
   */
  public void initialise() {
    Path trainDir = output.resolve(TrainingCache.TRAIN);
    Path testDir = output.resolve(TrainingCache.TEST);
    try {
      Files.createDirectories(trainDir);
      Files.createDirectories(testDir);
    } catch (IOException e) {
      throw new PneumoException("cannot create cache folder " + output + ": " + e, e);
    }
    if (Files.exists(output.resolve(TrainingCache.MANIFEST))) {
      TrainingCache.Manifest manifest = TrainingCache.readManifest(output);
      if (manifest.size() != size) {
        throw new CacheFormatException("cache " + output + " was prepared at size " + manifest.size()
            + ", not " + size + "; use another output folder");
      }
      checkLabels(manifest, trainDir);
    } else {
      TrainingCache.writeManifest(output, size, labelsIdentity);
    }
    AtomicFiles.removeStaleTemporaries(trainDir);
    AtomicFiles.removeStaleTemporaries(testDir);
  }

  /**
   * A cache's train masks are only as good as the labels they were made from: entries made from other
   * labels (or from labels the manifest does not record) are never reused silently.
   */
  private void checkLabels(TrainingCache.Manifest manifest, Path trainDir) {
    String wanted = labelsIdentity;
    String recorded = manifest.labels();
    if (wanted == null || wanted.equals(recorded)) {
      return;
    }
    if (TrainingCache.list(trainDir).isEmpty()) {
      TrainingCache.writeManifest(output, size, wanted); // no train entry depends on the labels yet
      return;
    }
    throw new CacheFormatException("cache " + output + " holds train masks made from "
        + (recorded == null ? "labels it does not record" : "other labels (" + recorded + ")")
        + ", not from " + wanted + "; they would be stale: use another output folder (or delete this one)");
  }

  /**
   * Prepares inputs into a folder already set up by {@link #initialise()}, touching nothing but their own
   * entries, so that several processes (e.g. Spark tasks) may fill one folder at the same time with
   * disjoint inputs. Duplicate image ids are detected within each list only.
   *
   * @param trainFiles training DICOMs (in the order they are processed)
   * @param testFiles test DICOMs
   * @return what happened
   * @throws PneumoException when a file cannot be written
   */
  public PrepareSummary prepareEntries(List<Path> trainFiles, List<Path> testFiles) {
    Path trainDir = output.resolve(TrainingCache.TRAIN);
    Path testDir = output.resolve(TrainingCache.TEST);
    List<Job> jobs = new ArrayList<>();
    List<PrepareSummary.Failure> failures = new ArrayList<>();
    addJobs(trainFiles, trainDir, true, jobs, failures);
    addJobs(testFiles, testDir, false, jobs, failures);

    int total = trainFiles.size() + testFiles.size();
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < failures.size(); i++) {
      progress.progress(done.incrementAndGet(), total);
    }
    AtomicInteger written = new AtomicInteger();
    AtomicInteger present = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "pneumo-prepare");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PrepareSummary.@Nullable Failure>> futures = new ArrayList<>();
      for (Job job : jobs) {
        futures.add(pool.submit(() -> {
          PrepareSummary.Failure f = run(job, written, present);
          progress.progress(done.incrementAndGet(), total);
          return f;
        }));
      }
      for (Future<PrepareSummary.@Nullable Failure> f : futures) {
        PrepareSummary.Failure failure = f.get();
        if (failure != null) {
          failures.add(failure);
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new PneumoException("preparing the cache failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PneumoException("interrupted while preparing the cache " + output, e);
    } finally {
      pool.shutdownNow();
    }
    return new PrepareSummary(written.get(), present.get(), failures);
  }

  private record Job(Path source, String id, Path target, boolean train) {}

  private void addJobs(List<Path> files, Path dir, boolean train, List<Job> jobs,
      List<PrepareSummary.Failure> failures) {
    Map<String, Path> seen = new HashMap<>();
    for (Path file : files) {
      String id = DicomTree.imageId(file);
      Path first = seen.putIfAbsent(id, file);
      if (first != null) {
        failures.add(new PrepareSummary.Failure(file, "duplicate image ID " + id + " (also " + first + ")"));
        LOG.warn("skipped {}: duplicate image ID (also {})", file, first);
        continue;
      }
      jobs.add(new Job(file, id, dir.resolve(id + CacheFile.EXTENSION), train));
    }
  }

  private PrepareSummary.@Nullable Failure run(Job job, AtomicInteger written, AtomicInteger present) {
    if (Files.exists(job.target())) {
      present.incrementAndGet();
      return null;
    }
    GreyImage image;
    GreyImage mask = null;
    try {
      GreyImage source = reader.apply(job.source());
      image = PrepareResize.image(source, size);
      if (job.train()) {
        mask = PrepareResize.mask(labels.masks(job.id(), source.width(), source.height()),
            source.width(), source.height(), size);
      }
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("skipped {}: {}", job.source(), reason);
      return new PrepareSummary.Failure(job.source(), reason);
    } catch (OutOfMemoryError e) {
      // one oversized input must not lose the batch: its arrays are unreachable once this frame unwinds
      String reason = "out of memory while reading it (" + e.getMessage() + "); raise -Xmx to prepare it";
      LOG.warn("skipped {}: {}", job.source(), reason);
      return new PrepareSummary.Failure(job.source(), reason);
    }
    CacheFile.write(job.target(), image, mask);
    written.incrementAndGet();
    return null;
  }

  /** Builder of a {@link CachePreparer}. */
  public static final class Builder {
    private @Nullable Path output;
    private int size = 1024;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private @Nullable Function<Path, GreyImage> reader;
    private @Nullable LabelSource labels;
    private @Nullable String labelsIdentity;
    private ProgressListener progress = (d, t) -> { };

    private Builder() {}

    /**
     * @param dir the cache folder (created if needed)
     * @return this builder
     */
    public Builder output(Path dir) {
      this.output = dir;
      return this;
    }

    /**
     * @param size output side length, &gt; 0 (default 1024)
     * @return this builder
     */
    public Builder size(int size) {
      Preconditions.checkArgument(size > 0, "size must be positive: %s", size);
      this.size = size;
      return this;
    }

    /**
     * @param threads worker threads, &ge; 1 (default: available processors)
     * @return this builder
     */
    public Builder threads(int threads) {
      Preconditions.checkArgument(threads >= 1, "threads must be >= 1: %s", threads);
      this.threads = threads;
      return this;
    }

    /**
     * @param reader decodes one DICOM file to its raw 8-bit pixels (no windowing), throwing a {@link
     *     PneumoException} for a bad file
     * @return this builder
     */
    public Builder reader(Function<Path, GreyImage> reader) {
      this.reader = reader;
      return this;
    }

    /**
     * @param labels the instance masks of a training image ID at the source size (an empty list for a
     *     negative or unlabelled image)
     * @return this builder
     */
    public Builder labels(Function<String, List<Mask>> labels) {
      this.labels = (id, width, height) -> labels.apply(id);
      return this;
    }

    /**
     * @param labels the instance masks of a training image ID, decoded at that image's own size (so a
     *     tree of mixed sizes is labelled right, and a label that does not fit fails for its image only)
     * @return this builder
     */
    public Builder labelsAtSize(LabelSource labels) {
      this.labels = labels;
      return this;
    }

    /**
     * Records what the train masks are made from, e.g. {@code sha256:<hex> of train-rle.csv (relative)}:
     * the manifest keeps it, and a later run with another identity refuses to reuse the cache's train
     * entries (saying why) instead of keeping stale masks.
     *
     * @param identity a stable description of the labels and their settings (hash, codec)
     * @return this builder
     */
    public Builder labelsIdentity(String identity) {
      this.labelsIdentity = identity;
      return this;
    }

    /**
     * @param listener progress receiver (thread-safe)
     * @return this builder
     */
    public Builder progress(ProgressListener listener) {
      this.progress = listener;
      return this;
    }

    /** @return the preparer */
    public CachePreparer build() {
      return new CachePreparer(this);
    }
  }
}
