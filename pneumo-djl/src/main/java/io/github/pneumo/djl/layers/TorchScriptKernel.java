package io.github.pneumo.djl.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.google.common.base.Suppliers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-tensor TorchScript module bundled as a resource of this package (written by a script under
 * {@code pneumo-djl/scripts}), for a libtorch operation DJL's NDArray API does not expose. Loaded on
 * first use, once per JVM; if it cannot be loaded (or the system property named at construction is
 * {@code false}), {@link #apply} returns null and callers use their DJL fallback (logged once).
 */
final class TorchScriptKernel {

  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptKernel.class);

  private final String resource;
  private final String switchProperty;
  // each loaded at most once, on first use (null: unavailable); the recording one only if the first loads
  private final Supplier<@Nullable PtSymbolBlock> module = Suppliers.memoize(this::load);
  private final Supplier<@Nullable PtSymbolBlock> recordingModule =
      Suppliers.memoize(() -> module.get() == null ? null : load());

  TorchScriptKernel(String resource, String switchProperty) {
    this.resource = resource;
    this.switchProperty = switchProperty;
  }

  /**
   * Runs the module's forward on {@code x}, in libtorch's inference mode when this thread does not
   * record autograd (else as {@link #applyRecorded}).
   *
   * @param x a PyTorch-engine array
   * @return the module's result (attached to {@code x}'s manager), or null if the kernel is unavailable
   */
  @Nullable NDArray apply(NDArray x) {
    if (JniUtils.isGradMode()) {
      // this thread records autograd (libtorch's switch is per thread): results made in inference mode
      // could not take part in it
      return applyRecorded(x);
    }
    PtSymbolBlock m = module.get();
    if (m == null || !(x instanceof PtNDArray pt)) {
      return null;
    }
    try (IValue in = IValue.from(pt);
        IValue out = m.forward(in)) {
      return out.toTensor((PtNDManager) x.getManager());
    }
  }

  /**
   * Runs the module's forward on {@code x} with autograd recording (for training passes): a second
   * instance of the module, kept in training mode.
   *
   * @param x a PyTorch-engine array
   * @return the module's result (attached to {@code x}'s manager), or null if the kernel is unavailable
   */
  @Nullable NDArray applyRecorded(NDArray x) {
    PtSymbolBlock m = recordingModule.get();
    if (m == null || !(x instanceof PtNDArray)) {
      return null;
    }
    return m.forward(new ParameterStore(x.getManager(), false), new NDList(x), true).singletonOrThrow();
  }

  /** Whether the module is loaded. */
  boolean available() {
    return module.get() != null;
  }

  private @Nullable PtSymbolBlock load() {
    if ("false".equals(System.getProperty(switchProperty))) {
      return null;
    }
    try (InputStream in = Objects.requireNonNull(TorchScriptKernel.class.getResourceAsStream(resource), resource)) {
      // lives as long as the JVM, like the engine; the modules hold no parameters
      PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
      return JniUtils.loadModule(manager, in, true, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("TorchScript kernel {} not loaded ({}); using DJL's operations instead", resource, e.toString());
      return null;
    }
  }
}
