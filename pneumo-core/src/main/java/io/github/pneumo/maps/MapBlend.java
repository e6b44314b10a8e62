package io.github.pneumo.maps;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import io.github.pneumo.PneumoException;
import io.github.pneumo.ProbabilityMap;
import java.util.List;
import java.util.Map;

/**
 * A weighted sum of several folders' maps, the original's blend configs ({@code RESULT_WEIGHTS}): per
 * pixel Σ w_k·p_k, with the weights used as given (not renormalised). A single folder with weight 1 is
 * the plain case. Maps of a different size than the first folder's are resized bilinearly to it first
 * (the original's RESHAPE_MODE).
 *
 * <p>Immutable and thread-safe; maps are read on demand, one id at a time.
 */
public final class MapBlend {
  private final ImmutableMap<MapStore, Double> weights;

  private MapBlend(Map<MapStore, Double> weights) {
    Preconditions.checkArgument(!weights.isEmpty(), "a blend needs at least one map folder");
    weights.forEach((s, w) -> Preconditions.checkArgument(Double.isFinite(w) && w >= 0,
        "blend weight of %s must be finite and >= 0, got %s", s.directory(), w));
    this.weights = ImmutableMap.copyOf(weights);
  }

  /**
   * A blend.
   *
   * @param weights folders and their weights, in order (the first folder sets the id list and size)
   * @return the blend
   */
  public static MapBlend of(Map<MapStore, Double> weights) {
    return new MapBlend(weights);
  }

  /**
   * A single folder, weight 1.
   *
   * @param store the folder
   * @return the blend
   */
  public static MapBlend single(MapStore store) {
    return new MapBlend(Map.of(store, 1.0));
  }

  /** @return folders and weights, in order */
  public Map<MapStore, Double> weights() {
    return weights;
  }

  /**
   * The ids of the first folder, sorted.
   *
   * @return the ids
   */
  public List<String> ids() {
    return weights.keySet().iterator().next().ids();
  }

  /**
   * Whether every folder holds a map for the id.
   *
   * @param id image id
   * @return true if the blend can be computed
   */
  public boolean contains(String id) {
    return weights.keySet().stream().allMatch(s -> s.contains(id));
  }

  /**
   * The blended probabilities of one image.
   *
   * @param id image id
   * @return Σ w_k·p_k at the first folder's size; values may exceed 1 when the weights sum to more than 1
   * @throws PneumoException naming the folder when a folder has no map for the id
   */
  public ProbabilityMap read(String id) {
    float[] sum = null;
    int w = 0;
    int h = 0;
    for (Map.Entry<MapStore, Double> e : weights.entrySet()) {
      MapStore store = e.getKey();
      if (!store.contains(id)) {
        throw new PneumoException("blend: no map for image id '" + id + "' in " + store.directory());
      }
      QuantizedMap q = store.read(id);
      float weight = e.getValue().floatValue();
      if (sum == null) {
        w = q.width();
        h = q.height();
        sum = new float[w * h];
      }
      if (q.width() == w && q.height() == h) {
        byte[] lv = q.levels();
        for (int i = 0; i < sum.length; i++) {
          sum[i] += weight * QuantizedMap.dequantize(lv[i] & 0xFF);
        }
      } else {
        float[] r = q.toProbabilityMap().resized(w, h).values();
        for (int i = 0; i < sum.length; i++) {
          sum[i] += weight * r[i];
        }
      }
    }
    return new ProbabilityMap(w, h, sum);
  }
}
