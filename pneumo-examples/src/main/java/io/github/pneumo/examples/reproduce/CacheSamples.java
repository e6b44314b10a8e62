package io.github.pneumo.examples.reproduce;

import io.github.pneumo.data.cache.TrainingCache;
import io.github.pneumo.djl.training.SampleSource;
import io.github.pneumo.image.GreyImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The training-cache images of a list of ids (a fold's training or validation rows), as a {@link SampleSource}. */
final class CacheSamples implements SampleSource {
  private final TrainingCache cache;
  private final List<String> ids;

  /**
   * @param cache the cache
   * @param ids the ids, each of which must be a training image of the cache
   * @param what for errors, e.g. "fold 0 validation"
   * @throws ReproductionException naming the first ids the cache lacks
   */
  CacheSamples(TrainingCache cache, List<String> ids, String what) {
    Set<String> present = new HashSet<>(cache.ids());
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!present.contains(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw new ReproductionException(missing.size() + " " + what + " image(s) of the folds file are not in the cache "
          + cache.directory() + ", e.g. " + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
          + " (prepare the cache from the images the folds file names)");
    }
    this.cache = cache;
    this.ids = List.copyOf(ids);
  }

  @Override
  public int size() {
    return ids.size();
  }

  @Override
  public String id(int index) {
    return ids.get(index);
  }

  @Override
  public GreyImage image(int index) {
    return cache.image(ids.get(index));
  }

  @Override
  public GreyImage mask(int index) {
    return cache.mask(ids.get(index));
  }
}
