package io.github.pneumo.training;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The original's top-k checkpoint heap (spec §5): a min-heap of (score, file); when it holds more than k
 * entries the lowest is dropped and its file is to be deleted. Ties are broken like Python's tuple
 * comparison: by the file name.
 */
public final class CheckpointHeap {

  /**
   * One kept checkpoint.
   *
   * @param score the validation score of its epoch
   * @param epoch the epoch
   * @param file the checkpoint file
   */
  public record Entry(double score, int epoch, Path file) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparingDouble(Entry::score).thenComparing(e -> e.file().toString());

  private final int capacity;
  private final PriorityQueue<Entry> heap = new PriorityQueue<>(ORDER);

  /**
   * Creates an empty heap.
   *
   * @param capacity k, the number of checkpoints kept, &gt;= 1
   */
  public CheckpointHeap(int capacity) {
    Preconditions.checkArgument(capacity >= 1, "top-k must be >= 1, got %s", capacity);
    this.capacity = capacity;
  }

  /**
   * Pushes a checkpoint and pops the lowest one when over capacity.
   *
   * @param entry the new checkpoint
   * @return the dropped checkpoint, whose file the caller deletes (possibly the new one itself)
   */
  public Optional<Entry> push(Entry entry) {
    heap.removeIf(e -> e.file().equals(entry.file()));
    heap.add(entry);
    if (heap.size() > capacity) {
      return Optional.of(heap.poll());
    }
    return Optional.empty();
  }

  /** @return the kept checkpoints, best first */
  public List<Entry> entries() {
    List<Entry> list = new ArrayList<>(heap);
    list.sort(ORDER.reversed());
    return list;
  }
}
