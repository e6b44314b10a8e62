package io.github.pneumo.djl.models;

import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableMap;
import io.github.pneumo.djl.decoders.AlbuNetDecoder;
import io.github.pneumo.djl.encoders.ResNet34Encoder;
import io.github.pneumo.djl.encoders.ResNetEncoder;
import java.util.Map;

/**
 * AlbuNet ({@code models/ternausnets.py}, {@code num_filters=32}, {@code is_deconv=False}): a
 * torchvision ResNet34 encoder under {@code encoder.*} with a 2×2 max-pool stem, and the bilinear
 * {@link AlbuNetDecoder} at top level ({@code center}, {@code dec5} … {@code dec0}, {@code final}).
 * Inputs must be multiples of 64. 34,604,897 parameters (the original's unused ResNet {@code fc} is not
 * built; it is listed in {@link #unusedStateDictEntries()}).
 */
public final class AlbuNet extends SegmentationNetwork {

  /** Name prefixes of the original's aliases of encoder modules (alias → canonical). */
  private static final Map<String, String> ALIAS_PREFIXES = ImmutableMap.of(
      "conv1.0.", "encoder.conv1.",
      "conv1.1.", "encoder.bn1.",
      "conv2.", "encoder.layer1.",
      "conv3.", "encoder.layer2.",
      "conv4.", "encoder.layer3.",
      "conv5.", "encoder.layer4.");

  /** Creates the network (parameters not yet initialised). */
  public AlbuNet() {
    this(new ResNet34Encoder(ResNetEncoder.Layout.TORCHVISION, ResNetEncoder.StemPool.MAX_2X2));
  }

  private AlbuNet(ResNet34Encoder encoder) {
    super("albunet", 64, "encoder", encoder, new AlbuNetDecoder(encoder.outChannels()), false);
  }

  @Override
  public Map<String, String> stateDictAliases() {
    ImmutableMap.Builder<String, String> aliases = ImmutableMap.builder();
    for (String canonical : namedParameters().keySet()) {
      ALIAS_PREFIXES.forEach((alias, prefix) -> {
        if (canonical.startsWith(prefix)) {
          aliases.put(alias + canonical.substring(prefix.length()), canonical);
        }
      });
    }
    return aliases.buildOrThrow();
  }

  @Override
  public Map<String, Shape> unusedStateDictEntries() {
    return ImmutableMap.of("encoder.fc.weight", new Shape(1000, 512), "encoder.fc.bias", new Shape(1000));
  }
}
