"""Writes pneumo-djl/src/main/resources/io/github/pneumo/djl/layers/inplace-relu.pt: a TorchScript module
whose forward is torch.relu_ (ReLU in place), which DJL's NDArray API does not expose. InPlaceRelu loads
it for inference passes. Regenerate with any PyTorch 2.x:
    python3 pneumo-djl/scripts/inplace_relu.py"""
import os

import torch


class InPlaceRelu(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu_(x)


if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, '..', 'src', 'main', 'resources', 'io', 'github', 'pneumo', 'djl', 'layers',
                          'inplace-relu.pt')
    torch.jit.script(InPlaceRelu()).save(target)
    print(f"wrote {os.path.normpath(target)} with torch {torch.__version__}")
