package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import io.github.pneumo.training.CheckpointHeap;
import io.github.pneumo.io.AtomicFiles;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.github.pneumo.training.SchedulerState;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * What a killed run needs to continue from its last completed epoch, written atomically after every
 * epoch to {@code checkpoints/fold<f>/resume.bin}: the counters, the best score, the checkpoint heap, the
 * schedule's state, the epoch results so far, the model's parameters (DJL format, BatchNorm statistics
 * included) and the optimizer's moments. The sampler and the augmentations need no state: they are pure
 * functions of (seed, epoch, position).
 */
final class ResumeState {
  private static final String MAGIC = "PNEUMO-RESUME-1";
  private static final String END = "PNEUMO-RESUME-END";

  String name = "";
  String fold = "";
  int nextEpoch;
  double bestScore;
  int bestEpoch = -1;
  int summaryRows;
  List<CheckpointHeap.Entry> heap = new ArrayList<>();
  SchedulerState schedule = SchedulerState.ofSteps(0, 0);
  List<EpochResult> epochs = new ArrayList<>();

  static void write(Path file, ResumeState s, Model model, CoupledAdam adam) {
    AtomicFiles.write(file, stream -> {
      DataOutputStream out = new DataOutputStream(stream);
      out.writeUTF(MAGIC);
      out.writeUTF(s.name);
      out.writeUTF(s.fold);
      out.writeInt(s.nextEpoch);
      out.writeDouble(s.bestScore);
      out.writeInt(s.bestEpoch);
      out.writeInt(s.summaryRows);
      out.writeInt(s.heap.size());
      for (CheckpointHeap.Entry e : s.heap) {
        out.writeDouble(e.score());
        out.writeInt(e.epoch());
        out.writeUTF(e.file().toString());
      }
      out.writeInt(s.schedule.steps());
      out.writeDouble(s.schedule.learningRate());
      out.writeDouble(s.schedule.best());
      out.writeInt(s.schedule.badEpochs());
      out.writeInt(s.schedule.cooldownCounter());
      out.writeInt(s.epochs.size());
      for (EpochResult r : s.epochs) {
        writeResult(out, r);
      }
      model.getBlock().saveParameters(out);
      adam.writeState(out);
      out.writeUTF(END);
      out.flush();
    });
  }

  static ResumeState read(Path file, Model model, CoupledAdam adam) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream in = new DataInputStream(raw);
      if (!MAGIC.equals(in.readUTF())) {
        throw new TrainingException(file + ": not a pneumo resume file");
      }
      ResumeState s = new ResumeState();
      s.name = in.readUTF();
      s.fold = in.readUTF();
      s.nextEpoch = in.readInt();
      s.bestScore = in.readDouble();
      s.bestEpoch = in.readInt();
      s.summaryRows = in.readInt();
      int heapSize = in.readInt();
      for (int i = 0; i < heapSize; i++) {
        s.heap.add(new CheckpointHeap.Entry(in.readDouble(), in.readInt(), Paths.get(in.readUTF())));
      }
      s.schedule = new SchedulerState(in.readInt(), in.readDouble(), in.readDouble(), in.readInt(), in.readInt());
      int results = in.readInt();
      for (int i = 0; i < results; i++) {
        s.epochs.add(readResult(in, s.fold));
      }
      model.getBlock().loadParameters(model.getNDManager(), in);
      adam.readState(in);
      if (!END.equals(in.readUTF())) {
        throw new TrainingException(file + ": corrupt resume file (bad end marker)");
      }
      return s;
    } catch (EOFException e) {
      throw new TrainingException(file + ": truncated resume file", e);
    } catch (IOException | MalformedModelException | IllegalArgumentException e) {
      throw new TrainingException("cannot read resume file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void writeResult(DataOutputStream out, EpochResult r) throws IOException {
    out.writeInt(r.epoch());
    out.writeDouble(r.learningRate());
    out.writeDouble(r.meanLoss());
    out.writeInt(r.lossComponents().size());
    for (java.util.Map.Entry<String, Double> e : r.lossComponents().entrySet()) {
      out.writeUTF(e.getKey());
      out.writeDouble(e.getValue());
    }
    out.writeInt(r.tripletScores().length);
    for (double v : r.tripletScores()) {
      out.writeDouble(v);
    }
    out.writeDouble(r.score());
    out.writeBoolean(r.improved());
    out.writeDouble(r.bestScore());
    out.writeInt(r.bestEpoch());
    out.writeDouble(r.imagesPerSecond());
  }

  private static EpochResult readResult(DataInputStream in, String fold) throws IOException {
    int epoch = in.readInt();
    double lr = in.readDouble();
    double loss = in.readDouble();
    int components = in.readInt();
    if (components < 0 || components > 64) {
      throw new TrainingException("corrupt resume file: " + components + " loss components");
    }
    java.util.Map<String, Double> c = new java.util.LinkedHashMap<>();
    for (int i = 0; i < components; i++) {
      c.put(in.readUTF(), in.readDouble());
    }
    int n = in.readInt();
    if (n < 0 || n > 10_000) {
      throw new TrainingException("corrupt resume file: " + n + " triplet scores");
    }
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = in.readDouble();
    }
    return new EpochResult(fold, epoch, lr, loss, c, scores, in.readDouble(), in.readBoolean(), in.readDouble(),
        in.readInt(), in.readDouble());
  }
}
