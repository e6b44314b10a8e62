package io.github.pneumo.djl.training;

import ai.djl.Model;
import io.github.pneumo.djl.weights.CheckpointFormat;
import io.github.pneumo.io.AtomicFiles;
import io.github.pneumo.io.SafeNames;
import io.github.pneumo.training.CheckpointHeap;
import io.github.pneumo.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one fold's run (spec §5): the best checkpoint {@code checkpoints/N_foldF.<ext>}, the top-k
 * epoch checkpoints {@code checkpoints/foldF/N_foldF_epochE.<ext>} kept by a {@link CheckpointHeap}, the
 * resume file {@code checkpoints/foldF/resume.bin}, and the clean-up a killed run needs (hidden
 * temporaries, an epoch file the heap dropped after the last resume point). Every file is written atomically.
 */
final class CheckpointKeeper {

  private final TrainingSettings settings;
  private final CheckpointFormat format;
  private final String fold;
  private final CheckpointHeap heap;

  CheckpointKeeper(TrainingSettings settings, CheckpointFormat format, String fold) {
    this.settings = settings;
    this.format = format;
    this.fold = fold;
    this.heap = new CheckpointHeap(settings.topK());
  }

  private Path checkpoints() {
    return settings.outputDir().resolve("checkpoints");
  }

  /** @return {@code <output>/checkpoints/<name>_fold<f>.<ext>} */
  Path best() {
    return checkpoints().resolve(settings.name() + "_fold" + fold + "." + format.extension());
  }

  /** @return {@code <output>/checkpoints/fold<f>} */
  Path foldDirectory() {
    return checkpoints().resolve("fold" + SafeNames.require("fold name", fold));
  }

  /** @return the resume file, present while a run is unfinished */
  Path resumeFile() {
    return foldDirectory().resolve("resume.bin");
  }

  private Path epochFile(int epoch) {
    return foldDirectory().resolve(settings.name() + "_fold" + fold + "_epoch" + epoch + "." + format.extension());
  }

  /** @return the kept epoch checkpoints, best first */
  List<CheckpointHeap.Entry> entries() {
    return heap.entries();
  }

  /** Removes the hidden {@code .*.tmp} files a killed run may have left behind (never a real output). */
  void deleteStaleTemporaries() {
    deleteStaleTemporaries(checkpoints());
    deleteStaleTemporaries(foldDirectory());
  }

  /**
   * Loads the uptrain checkpoint of the fold, when the settings name one.
   *
   * @param model the model to load into
   * @param log the fold's log
   */
  void uptrain(Model model, FoldLog log) {
    Path uptrain = settings.uptrainCheckpoint(fold);
    if (uptrain == null) {
      return;
    }
    if (Files.exists(uptrain)) {
      format.load(model, uptrain);
      log.info("fold " + fold + ": uptraining from " + uptrain);
    } else if (settings.uptrainAllowMissing()) {
      log.info("fold " + fold + ": uptrain checkpoint " + uptrain + " is missing; starting fresh as configured");
    } else {
      throw new TrainingException("uptrain checkpoint " + uptrain + " of fold " + fold
          + " does not exist (set uptrain.allow_missing to start fresh)");
    }
  }

  /**
   * Reads the resume file into the model and the optimizer.
   *
   * @param model the model
   * @param adam the optimizer
   * @return the state of the last completed epoch
   */
  ResumeState readResume(Model model, CoupledAdam adam) {
    ResumeState state = ResumeState.read(resumeFile(), model, adam);
    if (!state.fold.equals(fold) || !state.name.equals(settings.name())) {
      throw new TrainingException(resumeFile() + " belongs to " + state.name + " fold " + state.fold);
    }
    return state;
  }

  /**
   * Restores the heap of a resumed (or fresh) run. A run killed after writing its resume file but before
   * deleting the checkpoint the heap dropped leaves that file behind; every epoch before {@code nextEpoch}
   * was written by this run, so an epoch file that is not in the restored heap is such a leftover.
   *
   * @param entries the heap's entries in the resume state
   * @param resumed whether the run resumes (only then are leftovers deleted)
   * @param nextEpoch the first epoch to run
   */
  void restore(List<CheckpointHeap.Entry> entries, boolean resumed, int nextEpoch) {
    entries.forEach(heap::push);
    if (!resumed) {
      return;
    }
    Set<Path> kept = new HashSet<>();
    heap.entries().forEach(e -> kept.add(e.file().getFileName()));
    for (int e = 0; e < nextEpoch; e++) {
      Path file = epochFile(e);
      if (!kept.contains(file.getFileName())) {
        delete(file, "leftover checkpoint");
      }
    }
  }

  /**
   * Saves an epoch's checkpoint and pushes it onto the heap.
   *
   * @param model the trained model
   * @param epoch the epoch
   * @param score its validation score
   * @return the checkpoint the heap dropped (possibly this one), whose file {@link #deleteDropped} removes
   *     once the resume file no longer names it
   */
  Optional<CheckpointHeap.Entry> saveEpoch(Model model, int epoch, double score) {
    Path file = epochFile(epoch);
    format.save(model, file);
    return heap.push(new CheckpointHeap.Entry(score, epoch, file));
  }

  /**
   * Saves the fold's best checkpoint.
   *
   * @param model the model of the new best epoch
   */
  void saveBest(Model model) {
    format.save(model, best());
  }

  /**
   * Writes the resume file.
   *
   * @param state the state after the epoch
   * @param model the model
   * @param adam the optimizer
   */
  void writeResume(ResumeState state, Model model, CoupledAdam adam) {
    ResumeState.write(resumeFile(), state, model, adam);
  }

  /** Deletes the resume file of a finished run. */
  void finish() {
    delete(resumeFile(), "resume file");
  }

  /**
   * Deletes the file of a dropped checkpoint.
   *
   * @param dropped what {@link #saveEpoch} returned
   */
  void deleteDropped(Optional<CheckpointHeap.Entry> dropped) {
    dropped.ifPresent(e -> delete(e.file(), "dropped checkpoint"));
  }

  private static void delete(Path file, String what) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new TrainingException("cannot delete " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  private static void deleteStaleTemporaries(Path dir) {
    AtomicFiles.removeStaleTemporaries(dir); // only a dead process's, never a live writer's
  }
}
