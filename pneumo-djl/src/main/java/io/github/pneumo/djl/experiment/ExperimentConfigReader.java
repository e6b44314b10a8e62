package io.github.pneumo.djl.experiment;

import ai.djl.Device;
import io.github.pneumo.PneumoException;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.augment.Augmentations;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.training.SchedulerSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an experiment YAML file strictly: unknown keys, missing required keys, wrong types and values
 * out of range are {@link ConfigException}s naming the file and the dotted key. The schema, with the
 * original's key for each entry, is in {@code docs/configuration.md}.
 */
public final class ExperimentConfigReader {

  private ExperimentConfigReader() {}

  /**
   * Reads a file.
   *
   * @param file the YAML file
   * @return the configuration, relative paths resolved against the file's folder
   */
  public static ExperimentConfig read(Path file) {
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException(file + ": the top level must be a mapping of keys");
    }
    Path base = file.toAbsolutePath().getParent();
    try {
      return parse(new YamlNode(file.toString(), "", map), file, base);
    } catch (ConfigException e) {
      throw e;
    } catch (PneumoException | IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  private static ExperimentConfig parse(YamlNode n, Path file, Path base) {
    String name = n.string("name");
    Path output = base.resolve(n.string("output", "."));

    YamlNode data = n.child("data");
    Path cache = base.resolve(data.string("cache"));
    Path foldsFile = base.resolve(data.string("folds_file"));
    List<String> folds = new ArrayList<>();
    for (Object f : data.list("folds")) {
      String s = String.valueOf(f);
      if (!s.matches("[A-Za-z0-9_-]+") || folds.contains(s)) {
        throw data.error("folds", "has a bad or repeated fold name '" + s + "'");
      }
      folds.add(s);
    }
    if (folds.isEmpty()) {
      throw data.error("folds", "is empty");
    }

    YamlNode model = n.child("model");
    String architecture = model.string("architecture");
    try {
      Architecture.byName(architecture);
    } catch (PneumoException e) {
      throw model.error("architecture", "is not one of albunet, resnet50, seunet: '" + architecture + "'");
    }
    int freezeEpochs = model.integer("freeze_encoder_epochs", 0, 0, 100_000);

    YamlNode loss = n.child("loss");
    LossWeights weights = new LossWeights(loss.number("bce", 0, 0, 1e6), loss.number("dice", 0, 0, 1e6),
        loss.number("focal", 0, 0, 1e6));
    if (weights.bce() + weights.dice() + weights.focal() == 0) {
      throw n.error("loss", "has no positive weight");
    }

    YamlNode optimizer = n.child("optimizer");
    double lr = optimizer.number("lr", Double.MIN_VALUE, 10);
    double weightDecay = optimizer.number("weight_decay", 0, 0, 1);

    SchedulerSpec scheduler = scheduler(n.optionalChild("scheduler"));

    int epochs = n.integer("epochs", 50, 1, 100_000);
    TrainingSettings.Builder t = TrainingSettings.builder(name, output)
        .epochs(epochs)
        .earlyStopping(n.integer("early_stopping", 10, 0, 100_000))
        .topK(n.integer("top_k", 5, 1, 10_000))
        .batchSize(n.integer("batch_size", 2, 1, 4096))
        .accumulationSteps(n.integer("accumulation_steps", 1, 1, 4096))
        .gradientClipping(n.number("gradient_clipping", 0.1, 0, 1e9))
        .learningRate(lr)
        .weightDecay(weightDecay)
        .seed(n.integer("seed", 42, 0, Integer.MAX_VALUE))
        .freezeEncoderEpochs(freezeEpochs)
        .workers(n.integer("workers", 2, 0, 256))
        .prefetchBatches(n.integer("prefetch_batches", 4, 1, 1024));
    t.validationBatchSize(n.integer("validation_batch_size", 2, 1, 4096));
    t.triplets(triplets(n));
    t.device(device(n));
    YamlNode uptrain = n.optionalChild("uptrain");
    if (uptrain != null) {
      t.uptrain(base.resolve(uptrain.string("checkpoint")).toString(), uptrain.bool("allow_missing", false));
    }

    SlidingSampler.Schedule rate = sampler(n.optionalChild("sampler"), epochs);

    YamlNode transforms = n.child("transforms");
    int size = transforms.integer("size", 1024, 32, 8192);
    TransformSpec train = transform(transforms, "train", size);
    TransformSpec valid = transform(transforms, "valid", size);

    n.finish();
    return new ExperimentConfig(file, t.build(), cache, foldsFile, folds, architecture, weights, scheduler, rate,
        train, valid);
  }

  private static SchedulerSpec scheduler(@Nullable YamlNode s) {
    if (s == null) {
      return new SchedulerSpec.Constant();
    }
    String cls = s.string("class");
    YamlNode args = s.has("args") ? s.child("args") : new YamlNode("", s.key("args"), Map.of());
    return switch (cls) {
      case "ReduceLROnPlateau" -> {
        String mode = args.string("mode", "max");
        if (!mode.equals("max")) {
          throw args.error("mode", "must be max (the score is a Dice), got '" + mode + "'");
        }
        String thresholdMode = args.string("threshold_mode", "rel");
        if (!thresholdMode.equals("rel")) {
          throw args.error("threshold_mode", "must be rel, got '" + thresholdMode + "'");
        }
        yield new SchedulerSpec.Plateau(args.number("factor", 0.1, 1e-9, 0.999999),
            args.integer("patience", 10, 0, 100_000), args.number("threshold", 1e-4, 0, 1),
            args.integer("cooldown", 0, 0, 100_000), args.number("min_lr", 0, 0, 10), args.number("eps", 1e-8, 0, 1));
      }
      case "CosineAnnealingLR" -> new SchedulerSpec.Cosine(args.integer("T_max", 1, 1, 100_000),
          args.number("eta_min", 0, 0, 10));
      case "CosineAnnealingWarmRestarts" -> new SchedulerSpec.WarmRestarts(args.integer("T_0", 1, 1, 100_000),
          args.integer("T_mult", 1, 1, 1000), args.number("eta_min", 0, 0, 10));
      case "Constant" -> new SchedulerSpec.Constant();
      default -> throw s.error("class", "must be ReduceLROnPlateau, CosineAnnealingLR, CosineAnnealingWarmRestarts"
          + " or Constant, got '" + cls + "'");
    };
  }

  private static SlidingSampler.@Nullable Schedule sampler(@Nullable YamlNode s, int epochs) {
    if (s == null) {
      return null;
    }
    if (!s.bool("enabled", true)) {
      s.raw("rate");
      return null;
    }
    Object rate = s.required("rate");
    if (rate instanceof Map<?, ?> m) {
      YamlNode r = s.child("rate");
      double start = r.number("start", 1e-9, 1);
      double end = r.number("end", 1e-9, 1);
      String mode = r.string("mode", "linear");
      int ramp = r.integer("epochs", Math.max(2, epochs), 2, 100_000);
      return switch (mode) {
        case "linear" -> SlidingSampler.Schedule.linear(start, end, ramp);
        case "step" -> {
          int levels = r.integer("levels", 2, 2, 1000);
          if (levels > ramp) {
            throw r.error("levels", "must be at most rate.epochs (" + ramp + "), got " + levels);
          }
          yield SlidingSampler.Schedule.step(start, end, ramp, levels);
        }
        default -> throw r.error("mode", "must be linear or step, got '" + mode + "'");
      };
    }
    double p = s.toNumber("rate", rate, 1e-9, 1);
    return SlidingSampler.Schedule.constant(p);
  }

  private static TransformSpec transform(YamlNode t, String key, int size) {
    Object v = t.required(key);
    TransformSpec spec;
    if (v instanceof List<?> list) {
      List<Map<String, Object>> entries = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> m)) {
          throw t.error(key, "entries must be mappings, got '" + o + "'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) m;
        entries.add(entry);
      }
      spec = new TransformSpec(null, entries, size);
    } else {
      String preset = v.toString();
      if (!Augmentations.PRESETS.contains(preset)) {
        throw t.error(key, "is not a preset (" + String.join(", ", Augmentations.PRESETS) + ") or a list: '" + preset + "'");
      }
      spec = new TransformSpec(preset, List.of(), size);
    }
    try {
      spec.build();
    } catch (PneumoException | IllegalArgumentException e) {
      throw t.error(key, "is invalid: " + e.getMessage());
    }
    return spec;
  }

  private static List<TripletThreshold> triplets(YamlNode n) {
    if (!n.has("triplets")) {
      return TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS;
    }
    List<TripletThreshold> out = new ArrayList<>();
    for (Object o : n.list("triplets")) {
      try {
        if (o instanceof List<?> l && l.size() == 3) {
          double area = n.toNumber("triplets", l.get(1), 0, Integer.MAX_VALUE);
          if (area != Math.rint(area)) {
            throw n.error("triplets", "area must be an integer: " + o);
          }
          out.add(new TripletThreshold(n.toNumber("triplets", l.get(0), 0, 1), (int) area,
              n.toNumber("triplets", l.get(2), 0, 1)));
        } else if (o instanceof String s) {
          out.add(TripletThreshold.parse(s));
        } else {
          throw n.error("triplets", "entries must be [top, area, bottom], got " + o);
        }
      } catch (PneumoException | IllegalArgumentException e) {
        if (e instanceof ConfigException c) {
          throw c;
        }
        throw n.error("triplets", "has a bad entry " + o + ": " + e.getMessage());
      }
    }
    if (out.isEmpty() || new LinkedHashSet<>(out).size() != out.size()) {
      throw n.error("triplets", "must be a non-empty list without repeats");
    }
    return out;
  }

  private static Device device(YamlNode n) {
    if (!n.has("devices")) {
      return Device.cpu();
    }
    List<?> devices = n.list("devices");
    if (devices.size() != 1) {
      throw n.error("devices", "must name exactly one device (got " + devices
          + "); to use several GPUs run one fold per GPU: pneumo train CONFIG --fold F --device gpuN");
    }
    return parseDevice(String.valueOf(devices.get(0)), n, "devices");
  }

  /**
   * Parses a device name: {@code cpu}, {@code gpu}, {@code gpuN}, {@code cuda} or {@code cuda:N}.
   *
   * @param name the name
   * @return the device
   */
  public static Device parseDevice(String name) {
    return parseDevice(name, null, "device");
  }

  private static Device parseDevice(String name, @Nullable YamlNode n, String key) {
    String s = name.trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) {
      return Device.cpu();
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:gpu|cuda:?)(\\d*)").matcher(s);
    if (m.matches()) {
      return Device.gpu(m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1)));
    }
    String message = "is not a device (cpu, gpu, gpuN, cuda, cuda:N): '" + name + "'";
    throw n != null ? n.error(key, message) : new ConfigException(key + " " + message);
  }
}
