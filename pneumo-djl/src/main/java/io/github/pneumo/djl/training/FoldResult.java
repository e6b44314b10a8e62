package io.github.pneumo.djl.training;

import io.github.pneumo.training.CheckpointHeap;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a fold's run.
 *
 * @param fold the fold
 * @param epochs the epochs run in this invocation and before it (after a resume), in order
 * @param bestScore the best score, possibly inherited from an earlier part
 * @param bestEpoch the epoch of the best score in this run, -1 when no epoch beat the inherited score
 * @param bestCheckpoint the fold's best checkpoint file, null when none exists
 * @param topK the kept epoch checkpoints, best first
 * @param stoppedEarly whether early stopping ended the run
 */
public record FoldResult(String fold, List<EpochResult> epochs, double bestScore, int bestEpoch,
    @Nullable Path bestCheckpoint, List<CheckpointHeap.Entry> topK, boolean stoppedEarly) {}
