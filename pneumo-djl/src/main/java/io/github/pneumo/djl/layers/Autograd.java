package io.github.pneumo.djl.layers;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * libtorch's autograd recording switch, which is per thread and on in every thread but the one that
 * loaded the engine (so also in Spark executors and application thread pools).
 */
public final class Autograd {

  private Autograd() {}

  /**
   * Runs {@code work} with this thread's recording switched off, then restores the caller's setting.
   *
   * @param work what to run
   * @param <T> its result type
   * @return its result
   */
  public static <T> T withoutRecording(Supplier<T> work) {
    boolean recording = JniUtils.isGradMode();
    if (recording) {
      JniUtils.setGradMode(false);
    }
    try {
      return work.get();
    } finally {
      if (recording) {
        JniUtils.setGradMode(true);
      }
    }
  }
}
