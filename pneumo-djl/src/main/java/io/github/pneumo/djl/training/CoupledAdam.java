package io.github.pneumo.djl.training;

import io.github.pneumo.training.TrainingException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.google.common.base.Preconditions;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with coupled L2 weight decay, exactly as PyTorch 1.1's {@code torch.optim.Adam} (the version the
 * original pipeline ran): {@code g ← g + wd·w} <em>before</em> the moments, then
 *
 * <pre>
 *   m ← β1·m + (1−β1)·g        v ← β2·v + (1−β2)·g²
 *   w ← w − lr·sqrt(1−β2^t)/(1−β1^t) · m / (sqrt(v) + ε)
 * </pre>
 *
 * <p>with a step count {@code t} per parameter (a frozen parameter does not advance). DJL's {@code Adam}
 * cannot be used: it clips element-wise, and its moments cannot be saved for a resume.
 *
 * <p>The moments live in the optimizer's own {@link NDManager}, on the device of their parameter; {@link
 * #writeState} and {@link #readState} save and restore them (with the step counts) for a resume.
 */
public final class CoupledAdam implements AutoCloseable {

  private final NDManager manager;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private double learningRate;
  private final Map<String, Moments> moments = new LinkedHashMap<>();

  private static final class Moments {
    int step;
    final NDArray mean;
    final NDArray variance;

    Moments(int step, NDArray mean, NDArray variance) {
      this.step = step;
      this.mean = mean;
      this.variance = variance;
    }
  }

  private CoupledAdam(Builder b, NDManager parent) {
    this.manager = parent.newSubManager();
    this.manager.setName("adam");
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.weightDecay = b.weightDecay;
    this.learningRate = b.learningRate;
  }

  /** @return a builder with PyTorch's defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, no weight decay) */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the learning rate used by the next update */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate for the following updates (the scheduler's value).
   *
   * @param learningRate the new rate, &gt;= 0
   */
  public void setLearningRate(double learningRate) {
    Preconditions.checkArgument(learningRate >= 0 && Double.isFinite(learningRate), "bad learning rate %s", learningRate);
    this.learningRate = learningRate;
  }

  /** @return the coupled L2 weight decay */
  public double weightDecay() {
    return weightDecay;
  }

  /**
   * The number of updates applied to a parameter.
   *
   * @param name the parameter's name
   * @return its step count, 0 when never updated
   */
  public int stepCount(String name) {
    Moments m = moments.get(name);
    return m == null ? 0 : m.step;
  }

  /**
   * Applies one Adam update to a parameter, in place. Gradient mode must be off (outside a gradient
   * collector). The gradient is not modified.
   *
   * @param name the parameter's stable name (the key of its moments)
   * @param weight the parameter's array, updated in place
   * @param gradient its gradient
   */
  @SuppressWarnings("try") // the NDScope frees every temporary created inside it
  public void update(String name, NDArray weight, NDArray gradient) {
    Moments state = moments.get(name);
    if (state == null) {
      state = new Moments(0,
          manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()),
          manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()));
      NDScope.unregister(state.mean, state.variance); // owned by the optimizer, not by a caller's scope
      moments.put(name, state);
    }
    if (!state.mean.getShape().equals(weight.getShape())) {
      throw new TrainingException("optimizer state for " + name + " has shape " + state.mean.getShape()
          + " but the parameter has " + weight.getShape());
    }
    state.step++;
    int t = state.step;
    double stepSize = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    try (NDScope scope = new NDScope()) {
      NDArray g = weightDecay != 0 ? gradient.add(weight.mul((float) weightDecay)) : gradient;
      state.mean.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
      state.variance.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
      NDArray denominator = state.variance.sqrt().addi((float) epsilon);
      weight.subi(state.mean.div(denominator).muli((float) stepSize));
    }
  }

  /**
   * Writes the step counts and moments (for a resume file).
   *
   * @param out the stream
   */
  public void writeState(DataOutputStream out) {
    try {
      out.writeInt(moments.size());
      for (Map.Entry<String, Moments> e : moments.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().step);
        writeArray(out, e.getValue().mean);
        writeArray(out, e.getValue().variance);
      }
    } catch (IOException e) {
      throw new TrainingException("cannot write optimizer state: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the state with one written by {@link #writeState}; moments go to the device of the
   * parameters they will update, which is the optimizer manager's device.
   *
   * @param in the stream
   */
  public void readState(DataInputStream in) {
    try {
      clearState();
      int n = in.readInt();
      if (n < 0) {
        throw new TrainingException("corrupt optimizer state: " + n + " entries");
      }
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        int step = in.readInt();
        NDArray mean = readArray(in);
        NDArray variance = readArray(in);
        NDScope.unregister(mean, variance);
        moments.put(name, new Moments(step, mean, variance));
      }
    } catch (IOException e) {
      throw new TrainingException("cannot read optimizer state: " + e.getMessage(), e);
    }
  }

  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    byte[] bytes = array.encode();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private NDArray readArray(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0) {
      throw new TrainingException("corrupt optimizer state: array of " + len + " bytes");
    }
    byte[] bytes = in.readNBytes(len);
    if (bytes.length != len) {
      throw new TrainingException("truncated optimizer state");
    }
    return manager.decode(bytes);
  }

  private void clearState() {
    for (Moments m : moments.values()) {
      m.mean.close();
      m.variance.close();
    }
    moments.clear();
  }

  /** Frees the moments. */
  @Override
  public void close() {
    clearState();
    manager.close();
  }

  /** Settings of {@link CoupledAdam}. */
  public static final class Builder {
    private double learningRate = 1e-3;
    private double weightDecay;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;

    private Builder() {}

    /**
     * @param learningRate initial learning rate, &gt;= 0
     * @return this builder
     */
    public Builder learningRate(double learningRate) {
      Preconditions.checkArgument(learningRate >= 0 && Double.isFinite(learningRate), "learning rate must be >= 0, got %s", learningRate);
      this.learningRate = learningRate;
      return this;
    }

    /**
     * @param weightDecay coupled L2 weight decay, &gt;= 0
     * @return this builder
     */
    public Builder weightDecay(double weightDecay) {
      Preconditions.checkArgument(weightDecay >= 0 && Double.isFinite(weightDecay), "weight decay must be >= 0, got %s", weightDecay);
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * @param beta1 first-moment decay in [0, 1)
     * @param beta2 second-moment decay in [0, 1)
     * @return this builder
     */
    public Builder betas(double beta1, double beta2) {
      Preconditions.checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1): %s, %s", beta1, beta2);
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /**
     * @param epsilon the term added to sqrt(v), &gt; 0
     * @return this builder
     */
    public Builder epsilon(double epsilon) {
      Preconditions.checkArgument(epsilon > 0, "epsilon must be > 0, got %s", epsilon);
      this.epsilon = epsilon;
      return this;
    }

    /**
     * Builds the optimizer; its moments live in a sub-manager of {@code manager}.
     *
     * @param manager the parent manager, on the training device
     * @return the optimizer
     */
    public CoupledAdam build(NDManager manager) {
      return new CoupledAdam(this, manager);
    }
  }
}
