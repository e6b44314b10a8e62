package io.github.pneumo.djl.experiment;

import ai.djl.Device;
import io.github.pneumo.PneumoException;
import io.github.pneumo.SlidingSampler;
import io.github.pneumo.TripletThreshold;
import io.github.pneumo.augment.Augmentations;
import io.github.pneumo.djl.Architecture;
import io.github.pneumo.djl.training.TrainingSettings;
import io.github.pneumo.djl.weights.EncoderWeights;
import io.github.pneumo.djl.weights.WeightsFileException;
import io.github.pneumo.training.SchedulerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads an experiment part from YAML with {@link ConfigNode}: unknown, duplicate or missing keys, wrong
 * types and values out of range are {@link ConfigException}s naming the file, the line and the dotted key.
 * Relative paths resolve against the file's folder. The schema, with the original's key for each entry,
 * is in {@code docs/configuration.md}.
 */
public final class ExperimentReader {

  /** The top-level key naming the ImageNet weights of the encoder. */
  public static final String ENCODER_WEIGHTS = "ENCODER_WEIGHTS";

  private ExperimentReader() {}

  /**
   * Reads a file.
   *
   * @param file the YAML file
   * @return the experiment
   */
  public static Experiment read(Path file) {
    ConfigNode n = ConfigNode.read(file);
    try {
      return parse(n);
    } catch (ConfigException e) {
      throw e;
    } catch (PneumoException | IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  private static Experiment parse(ConfigNode n) {
    String name = n.string("name");
    Path output = n.resolve(n.string("output", "."));

    ConfigNode data = n.child("data");
    Path cache = data.path("cache");
    Path foldsFile = data.path("folds_file");
    List<String> folds = new ArrayList<>();
    for (ConfigValue f : data.list("folds")) {
      String s = f.string();
      if (!s.matches("[A-Za-z0-9_-]+") || folds.contains(s)) {
        throw f.error("is a bad or repeated fold name '" + s + "'");
      }
      folds.add(s);
    }
    if (folds.isEmpty()) {
      throw data.error("folds", "is empty");
    }

    ConfigNode model = n.child("model");
    String architecture = model.string("architecture");
    try {
      Architecture.byName(architecture);
    } catch (PneumoException e) {
      throw model.error("architecture", "is not one of albunet, resnet50, seunet: '" + architecture + "'");
    }
    int freezeEpochs = model.integer("freeze_encoder_epochs", 0, 0, 100_000);

    ConfigNode loss = n.child("loss");
    LossWeights weights = new LossWeights(loss.number("bce", 0, 0, 1e6), loss.number("dice", 0, 0, 1e6),
        loss.number("focal", 0, 0, 1e6));
    if (weights.bce() + weights.dice() + weights.focal() == 0) {
      throw n.error("loss", "has no positive weight");
    }

    ConfigNode optimizer = n.child("optimizer");
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
    ConfigNode uptrain = n.optionalChild("uptrain");
    if (uptrain != null) {
      t.uptrain(uptrain.path("checkpoint").toString(), uptrain.bool("allow_missing", false));
    }

    SlidingSampler.Schedule rate = sampler(n.optionalChild("sampler"), epochs);

    ConfigNode transforms = n.child("transforms");
    int size = transforms.integer("size", 1024, 32, 8192);
    TransformSpec train = transform(transforms, "train", size);
    TransformSpec valid = transform(transforms, "valid", size);

    EncoderWeights encoderWeights = encoderWeights(n);

    n.finish();
    return Experiment.builder(t.build()).data(cache, foldsFile, folds).architecture(architecture).loss(weights)
        .scheduler(scheduler).sampleRate(rate).transforms(train, valid).encoderWeights(encoderWeights).build();
  }

  /** {@code ENCODER_WEIGHTS: FILE} or {@code ENCODER_WEIGHTS: {file: FILE, sha256: HEX}}. */
  private static @Nullable EncoderWeights encoderWeights(ConfigNode n) {
    ConfigValue v = n.optional(ENCODER_WEIGHTS);
    if (v == null) {
      return null;
    }
    try {
      if (v.isMapping()) {
        ConfigNode m = n.child(ENCODER_WEIGHTS);
        Path file = m.path("file");
        ConfigValue sha = m.optional("sha256");
        return new EncoderWeights(file, sha == null ? null : sha.string());
      }
      return EncoderWeights.of(v.path());
    } catch (WeightsFileException e) {
      throw v.error(e.getMessage());
    }
  }

  private static SchedulerSpec scheduler(@Nullable ConfigNode s) {
    if (s == null) {
      return new SchedulerSpec.Constant();
    }
    String cls = s.string("class");
    ConfigNode args = s.optionalChild("args");
    return switch (cls) {
      case "ReduceLROnPlateau" -> {
        String mode = args == null ? "max" : args.string("mode", "max");
        if (!mode.equals("max")) {
          throw args.error("mode", "must be max (the score is a Dice), got '" + mode + "'");
        }
        String thresholdMode = args == null ? "rel" : args.string("threshold_mode", "rel");
        if (!thresholdMode.equals("rel")) {
          throw args.error("threshold_mode", "must be rel, got '" + thresholdMode + "'");
        }
        yield new SchedulerSpec.Plateau(number(args, "factor", 0.1, 1e-9, 0.999999),
            integer(args, "patience", 10, 0, 100_000), number(args, "threshold", 1e-4, 0, 1),
            integer(args, "cooldown", 0, 0, 100_000), number(args, "min_lr", 0, 0, 10), number(args, "eps", 1e-8, 0, 1));
      }
      case "CosineAnnealingLR" -> new SchedulerSpec.Cosine(integer(args, "T_max", 1, 1, 100_000),
          number(args, "eta_min", 0, 0, 10));
      case "CosineAnnealingWarmRestarts" -> new SchedulerSpec.WarmRestarts(integer(args, "T_0", 1, 1, 100_000),
          integer(args, "T_mult", 1, 1, 1000), number(args, "eta_min", 0, 0, 10));
      case "Constant" -> new SchedulerSpec.Constant();
      default -> throw s.error("class", "must be ReduceLROnPlateau, CosineAnnealingLR, CosineAnnealingWarmRestarts"
          + " or Constant, got '" + cls + "'");
    };
  }

  private static double number(@Nullable ConfigNode args, String k, double fallback, double min, double max) {
    return args == null ? fallback : args.number(k, fallback, min, max);
  }

  private static int integer(@Nullable ConfigNode args, String k, int fallback, int min, int max) {
    return args == null ? fallback : args.integer(k, fallback, min, max);
  }

  private static SlidingSampler.@Nullable Schedule sampler(@Nullable ConfigNode s, int epochs) {
    if (s == null) {
      return null;
    }
    if (!s.bool("enabled", true)) {
      s.optional("rate");
      return null;
    }
    ConfigValue rate = s.value("rate");
    if (rate.isMapping()) {
      ConfigNode r = s.child("rate");
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
    return SlidingSampler.Schedule.constant(rate.number(1e-9, 1));
  }

  private static TransformSpec transform(ConfigNode t, String key, int size) {
    ConfigValue v = t.value(key);
    TransformSpec spec;
    if (v.isList()) {
      List<Map<String, Object>> entries = new ArrayList<>();
      for (ConfigValue item : v.list()) {
        if (!item.isMapping()) {
          throw item.error("must be a mapping of a transform's type and arguments");
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        ((Map<?, ?>) java.util.Objects.requireNonNull(item.toJava())).forEach((k, val) -> entry.put(String.valueOf(k), val));
        entries.add(entry);
      }
      spec = TransformSpec.of(entries, size);
    } else {
      String preset = v.string();
      if (!Augmentations.PRESETS.contains(preset)) {
        throw v.error("is not a preset (" + String.join(", ", Augmentations.PRESETS) + ") or a list: '" + preset + "'");
      }
      spec = TransformSpec.preset(preset, size);
    }
    try {
      spec.build();
    } catch (PneumoException | IllegalArgumentException e) {
      throw v.error("is invalid: " + e.getMessage());
    }
    return spec;
  }

  private static List<TripletThreshold> triplets(ConfigNode n) {
    if (!n.has("triplets")) {
      return TripletThreshold.ORIGINAL_VALIDATION_TRIPLETS;
    }
    List<TripletThreshold> out = new ArrayList<>();
    for (ConfigValue o : n.list("triplets")) {
      try {
        if (o.isList() && o.list().size() == 3) {
          List<ConfigValue> l = o.list();
          double area = l.get(1).number(0, Integer.MAX_VALUE);
          if (area != Math.rint(area)) {
            throw l.get(1).error("must be an integer pixel area, got " + area);
          }
          out.add(new TripletThreshold(l.get(0).number(0, 1), (int) area, l.get(2).number(0, 1)));
        } else if (!o.isList() && !o.isMapping()) {
          out.add(TripletThreshold.parse(o.string()));
        } else {
          throw o.error("must be [top, area, bottom], got " + o.toJava());
        }
      } catch (ConfigException c) {
        throw c;
      } catch (PneumoException | IllegalArgumentException e) {
        throw o.error("is a bad triplet " + o.toJava() + ": " + e.getMessage());
      }
    }
    if (out.isEmpty() || new LinkedHashSet<>(out).size() != out.size()) {
      throw n.error("triplets", "must be a non-empty list without repeats");
    }
    return out;
  }

  private static Device device(ConfigNode n) {
    if (!n.has("devices")) {
      return Device.cpu();
    }
    List<ConfigValue> devices = n.list("devices");
    if (devices.size() != 1) {
      throw n.error("devices", "must name exactly one device (got " + devices.size()
          + "); to use several GPUs run one fold per GPU: pneumo train CONFIG --fold F --device gpuN");
    }
    try {
      return Devices.parse(devices.get(0).string());
    } catch (ConfigException e) {
      throw devices.get(0).error(e.getMessage());
    }
  }
}
