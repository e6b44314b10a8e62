package io.github.pneumo.djl.weights;

import io.github.pneumo.io.AtomicFiles;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.MalformedModelException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** How model weights are written to and read from the epoch and best checkpoint files. */
public interface CheckpointFormat {

  /** @return the file extension, without the dot (e.g. {@code safetensors}) */
  String extension();

  /**
   * Writes the model's weights (the caller makes the write atomic by targeting a temporary file).
   *
   * @param model the model
   * @param file the file to write
   */
  void save(Model model, Path file);

  /**
   * Loads weights into the model, strictly (every parameter must be present with its shape).
   *
   * @param model the model
   * @param file the checkpoint
   */
  void load(Model model, Path file);

  /**
   * Safetensors with the original's PyTorch state_dict names ({@link TorchWeights}), extension {@code
   * safetensors}: checkpoints a PyTorch user can load. Loading also accepts the original's {@code .pth}
   * files ({@link TorchWeights#load(Model, Path)} reads both). Needs a network made by {@link
   * io.github.pneumo.djl.SegmentationNetworks}.
   *
   * @return the format
   */
  static CheckpointFormat safetensors() {
    return new CheckpointFormat() {
      @Override
      public String extension() {
        return "safetensors";
      }

      @Override
      public void save(Model model, Path file) {
        TorchWeights.save(model, file);
      }

      @Override
      public void load(Model model, Path file) {
        TorchWeights.load(model, file);
      }
    };
  }

  /**
   * DJL's own parameter format ({@code Block.saveParameters}), extension {@code params}.
   *
   * @return the format
   */
  static CheckpointFormat djl() {
    return new CheckpointFormat() {
      @Override
      public String extension() {
        return "params";
      }

      @Override
      public void save(Model model, Path file) {
        AtomicFiles.write(file, stream -> {
          DataOutputStream out = new DataOutputStream(stream);
          model.getBlock().saveParameters(out);
          out.flush();
        });
      }

      @Override
      public void load(Model model, Path file) {
        Block block = model.getBlock();
        NDManager manager = model.getNDManager();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          block.loadParameters(manager, new DataInputStream(in));
        } catch (IOException | MalformedModelException | RuntimeException e) {
          throw new WeightsFileException("cannot load checkpoint " + file + ": " + e.getMessage(), e);
        }
      }
    };
  }
}
