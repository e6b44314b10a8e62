package io.github.pneumo.djl.weights;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.github.pneumo.PneumoException;
import io.github.pneumo.djl.SegmentationNetworks;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loading checkpoints into a network and averaging several checkpoints' weights. */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * Loads a checkpoint strictly, by extension: {@code .safetensors} (PyTorch state_dict names, {@link
   * TorchWeights}), {@code .pth}/{@code .pt} ({@code torch.save} files such as the original's
   * checkpoints, read with {@link TorchWeights.LoadOptions#unwrapping()}: a {@code {"state_dict": …}}
   * or {@code {"model": …}} wrapper and DataParallel's {@code module.} prefix are accepted) or {@code
   * .params} (DJL's parameter stream, as the trainer writes with {@link CheckpointFormat#djl()}).
   *
   * @param model a network from {@link SegmentationNetworks}
   * @param file the checkpoint
   * @throws PneumoException naming the file if it is missing, of another format or does not fit the network
   */
  public static void load(Model model, Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".safetensors")) {
      TorchWeights.load(model, file);
    } else if (TorchWeights.isTorchSave(file)) {
      TorchWeights.load(model, file, TorchWeights.LoadOptions.strict().unwrapping());
    } else if (name.endsWith(".params")) {
      CheckpointFormat.djl().load(model, file);
    } else {
      throw new PneumoException("unsupported checkpoint " + file + " (expected .safetensors, .pth, .pt or .params)");
    }
  }

  /**
   * Replaces a model's weights by the element-wise mean of several checkpoints of the same architecture
   * (weights, biases and BatchNorm running statistics alike; non-float entries are taken from the first
   * checkpoint).
   *
   * @param target the model receiving the mean; its own weights are overwritten
   * @param files the checkpoints, at least one
   * @param architecture the architecture name, to build scratch models for loading
   */
  public static void loadAverage(Model target, List<Path> files, String architecture) {
    if (files.isEmpty()) {
      throw new PneumoException("weight averaging needs at least one checkpoint");
    }
    load(target, files.get(0));
    if (files.size() == 1) {
      return;
    }
    Map<String, Parameter> params = SegmentationNetworks.parameters(target);
    Map<String, float[]> sums = new java.util.LinkedHashMap<>();
    params.forEach((name, p) -> {
      if (p.getArray().getDataType() == DataType.FLOAT32) {
        sums.put(name, p.getArray().toFloatArray());
      }
    });
    for (Path f : files.subList(1, files.size())) {
      try (Model scratch = SegmentationNetworks.create(architecture)) {
        load(scratch, f);
        Map<String, Parameter> other = SegmentationNetworks.parameters(scratch);
        sums.forEach((name, sum) -> {
          float[] v = other.get(name).getArray().toFloatArray();
          for (int i = 0; i < sum.length; i++) {
            sum[i] += v[i];
          }
        });
      }
    }
    float k = files.size();
    sums.forEach((name, sum) -> {
      for (int i = 0; i < sum.length; i++) {
        sum[i] /= k;
      }
      NDArray array = params.get(name).getArray();
      array.set(FloatBuffer.wrap(sum));
    });
  }
}
