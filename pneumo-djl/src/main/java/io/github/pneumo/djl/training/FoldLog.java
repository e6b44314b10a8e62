package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The per-fold log file ({@code log/train_fold_<f>.log}), appended and flushed line by line, mirrored to SLF4J. */
final class FoldLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentationTrainer.class);

  private final Path file;
  private final Writer writer;

  FoldLog(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new TrainingException("cannot open log " + file + ": " + e.getMessage(), e);
    }
  }

  void info(String message) {
    LOG.info(message);
    try {
      writer.write(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + message + "\n");
      writer.flush();
    } catch (IOException e) {
      throw new TrainingException("cannot write log " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      LOG.warn("cannot close {}: {}", file, e.getMessage());
    }
  }
}
