package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Produces the batches of an epoch ahead of the model: worker threads encode (augment) samples while the
 * model computes, keeping at most {@code prefetch} batches in flight. Batches come out in order and each
 * sample depends only on (epoch, position), so the result does not depend on the number of workers.
 */
public final class BatchLoader implements AutoCloseable {

  private final SampleSource source;
  private final SampleEncoder encoder;
  private final int prefetch;
  private final @org.jspecify.annotations.Nullable ExecutorService pool;

  /**
   * Creates a loader.
   *
   * @param source the samples
   * @param encoder turns a sample into model input
   * @param workers worker threads; 0 encodes on the caller's thread when a batch is requested
   * @param prefetch batches prepared ahead, &gt;= 1
   */
  public BatchLoader(SampleSource source, SampleEncoder encoder, int workers, int prefetch) {
    this.source = source;
    this.encoder = encoder;
    this.prefetch = Math.max(1, prefetch);
    this.pool = workers == 0 ? null : Executors.newFixedThreadPool(workers,
        new ThreadFactoryBuilder().setNameFormat("pneumo-loader-%d").setDaemon(true).build());
  }

  /**
   * The batches of an epoch.
   *
   * @param indices sample indices in order
   * @param batchSize samples per batch (the last batch may be smaller)
   * @param epoch the epoch, passed to the encoder
   * @return an iterator over the batches; a failing sample surfaces as a {@link TrainingException}
   */
  public Iterator<Batch> epoch(int[] indices, int batchSize, int epoch) {
    int batches = (indices.length + batchSize - 1) / batchSize;
    return new Iterator<>() {
      private final ArrayDeque<CompletableFuture<Batch>> queue = new ArrayDeque<>();
      private int submitted;
      private int taken;

      private void fill() {
        while (pool != null && submitted < batches && queue.size() < prefetch) {
          int b = submitted++;
          queue.add(CompletableFuture.supplyAsync(() -> build(indices, batchSize, epoch, b), pool));
        }
      }

      @Override
      public boolean hasNext() {
        return taken < batches;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (pool == null) {
          return build(indices, batchSize, epoch, taken++);
        }
        fill();
        CompletableFuture<Batch> head = queue.poll();
        taken++;
        fill();
        try {
          return head.join();
        } catch (CompletionException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new TrainingException("loading a batch failed: " + cause, cause);
        }
      }
    };
  }

  private Batch build(int[] indices, int batchSize, int epoch, int batch) {
    int from = batch * batchSize;
    int n = Math.min(batchSize, indices.length - from);
    EncodedSample first = null;
    float[] images = null;
    float[] masks = null;
    for (int i = 0; i < n; i++) {
      int position = from + i;
      int index = indices[position];
      EncodedSample s;
      try {
        s = encoder.encode(source.image(index), source.mask(index), epoch, position);
      } catch (RuntimeException e) {
        throw new TrainingException("cannot prepare sample " + source.id(index) + ": " + e.getMessage(), e);
      }
      if (first == null) {
        first = s;
        images = new float[n * s.image().length];
        masks = new float[n * s.mask().length];
      } else if (s.channels() != first.channels() || s.height() != first.height() || s.width() != first.width()) {
        throw new TrainingException("sample " + source.id(index) + " is " + s.channels() + "x" + s.height() + "x"
            + s.width() + " but its batch is " + first.channels() + "x" + first.height() + "x" + first.width());
      }
      System.arraycopy(s.image(), 0, images, i * s.image().length, s.image().length);
      System.arraycopy(s.mask(), 0, masks, i * s.mask().length, s.mask().length);
    }
    if (first == null) {
      throw new TrainingException("empty batch");
    }
    return new Batch(n, first.channels(), first.height(), first.width(), images, masks);
  }

  /** Stops the workers. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
