package io.github.pneumo.djl.models;

import io.github.pneumo.djl.decoders.UNetDecoder;
import io.github.pneumo.djl.encoders.ResNet50Encoder;
import io.github.pneumo.djl.encoders.ResNetEncoder;
import io.github.pneumo.djl.encoders.SeResNeXt50Encoder;

/**
 * selim's U-Nets ({@code models/selim_zoo/unet.py}): an encoder under {@code encoder_stages.*} and
 * the {@link UNetDecoder} ({@code bottlenecks.*}, {@code decoder_stages.*}, {@code last_upsample.*},
 * {@code final.0.*}). Inputs must be multiples of 32.
 */
public final class SelimUNet extends SegmentationNetwork {

  private SelimUNet(String name, ResNetEncoder encoder, int[] decoderFilters, int lastUpsample,
      boolean scse) {
    // The original registers the decoder modules before the encoder stages.
    super(name, 32, "", encoder, new UNetDecoder(encoder.outChannels(), decoderFilters, lastUpsample, scse), true);
  }

  /**
   * {@code Resnet(seg_classes=1, backbone_arch='resnet50')}: ResNet50 encoder, decoder filters [64,
   * 128, 256, 256], plain conv+ReLU bottlenecks, last_upsample 64. 34,458,177 parameters.
   *
   * @return the network (parameters not yet initialised)
   */
  public static SelimUNet resnet50() {
    return new SelimUNet("resnet50",
        new ResNet50Encoder(ResNetEncoder.Layout.SELIM_RESNET, ResNetEncoder.StemPool.MAX_3X3_PAD1),
        new int[] {64, 128, 256, 256}, 64, false);
  }

  /**
   * {@code SCSEUnet(seg_classes=1)}: SE-ResNeXt50 32×4d encoder, decoder filters [64, 128, 256, 384],
   * SCSE bottlenecks (reduction 2, max-out), last_upsample 32. 41,249,489 parameters.
   *
   * @return the network (parameters not yet initialised)
   */
  public static SelimUNet scseSeResNeXt50() {
    return new SelimUNet("seunet",
        new SeResNeXt50Encoder(ResNetEncoder.Layout.SELIM_SENET, ResNetEncoder.StemPool.MAX_3X3_CEIL),
        new int[] {64, 128, 256, 384}, 32, true);
  }
}
