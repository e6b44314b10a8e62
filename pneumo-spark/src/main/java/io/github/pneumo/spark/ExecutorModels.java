package io.github.pneumo.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.github.pneumo.ProbabilityMap;
import io.github.pneumo.SegmentationModel;
import io.github.pneumo.djl.inference.DjlSegmentationModel;
import io.github.pneumo.image.GreyImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of this JVM: one {@link SegmentationModel} per {@link ModelSpec#fingerprint()}, built by the
 * first task that needs it and reused by every later task and partition on the same executor (a Spark
 * executor is one JVM that runs many tasks, concurrently on its cores). Tasks that run at the same time
 * share the model; its {@code predict} is serialised, so one executor holds one copy of the weights and
 * of the activations of one image.
 *
 * <p>The returned model must not be closed by a task; {@link #closeAll()} releases every model of the
 * JVM (for long-lived drivers and tests).
 */
public final class ExecutorModels {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
  private static final Map<String, DjlSegmentationModel> MODELS = new LinkedHashMap<>();
  private static final AtomicInteger BUILDS = new AtomicInteger();

  private ExecutorModels() {}

  /**
   * The JVM's model for a spec, built on first use.
   *
   * @param spec the model spec
   * @return a shared model whose {@code close()} does nothing
   * @throws io.github.pneumo.PneumoException if the model cannot be built
   */
  public static SegmentationModel get(ModelSpec spec) {
    DjlSegmentationModel model;
    synchronized (MODELS) {
      model = MODELS.get(spec.fingerprint());
      if (model == null) {
        long start = System.nanoTime();
        if (spec.threads() > 0) {
          Engine.getEngine("PyTorch");
          JniUtils.setNumThreads(spec.threads());
        }
        model = spec.load(sparkGpus());
        MODELS.put(spec.fingerprint(), model);
        BUILDS.incrementAndGet();
        LOG.info("built {} in {} ms ({} model(s) in this JVM)", spec, (System.nanoTime() - start) / 1_000_000,
            MODELS.size());
      }
    }
    return new Shared(model);
  }

  /** @return how many models this JVM has built so far (one per spec, unless {@link #closeAll()} was called) */
  public static int builds() {
    return BUILDS.get();
  }

  /** Closes and forgets every model of this JVM; a later {@link #get} builds afresh. */
  public static void closeAll() {
    synchronized (MODELS) {
      MODELS.values().forEach(DjlSegmentationModel::close);
      MODELS.clear();
    }
  }

  private static List<String> sparkGpus() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return List.of();
    }
    @Nullable ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null ? List.of() : Arrays.asList(gpu.addresses());
  }

  /** A view that tasks may not close. */
  private record Shared(DjlSegmentationModel model) implements SegmentationModel {
    @Override
    public ProbabilityMap predict(GreyImage image) {
      return model.predict(image);
    }

    @Override
    public void close() {
      // owned by ExecutorModels
    }
  }
}
