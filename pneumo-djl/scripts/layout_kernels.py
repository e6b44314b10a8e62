"""Writes two TorchScript modules into pneumo-djl/src/main/resources/io/github/pneumo/djl/layers/ for
libtorch operations DJL's NDArray API does not expose:

  channels-last.pt         x.contiguous(memory_format=torch.channels_last): the same values, stored
                           N,H,W,C (oneDNN's convolutions then run without reordering their input)
  upsample-bilinear2x.pt   F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=False):
                           plain bilinear x2 (DJL's bilinear mode is the anti-aliased kernel, which gives
                           the same numbers at x2 but is about twice as slow, and slower still on
                           channels-last arrays)

ChannelsLast and Resampling load them. Regenerate with any PyTorch 2.x:
    python3 pneumo-djl/scripts/layout_kernels.py"""
import os

import torch


class ChannelsLast(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.contiguous(memory_format=torch.channels_last)


class UpsampleBilinear2x(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # what F.interpolate(x, scale_factor=2.0, mode='bilinear', align_corners=False) calls, without
        # the argument handling around it
        return torch.ops.aten.upsample_bilinear2d(x, [2 * x.size(2), 2 * x.size(3)], False, 2.0, 2.0)


if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, '..', 'src', 'main', 'resources', 'io', 'github', 'pneumo', 'djl', 'layers')
    for name, module in (('channels-last.pt', ChannelsLast()), ('upsample-bilinear2x.pt', UpsampleBilinear2x())):
        target = os.path.join(folder, name)
        torch.jit.script(module).save(target)
        print(f"wrote {os.path.normpath(target)} with torch {torch.__version__}")
