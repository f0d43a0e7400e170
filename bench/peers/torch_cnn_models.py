"""The image networks of `backprop train --model cnn|resnet` (src/cli/models.ts) and of the bench's cnn suite,
in PyTorch (NCHW, where our layers are channels-last: the same networks with the same weight counts).

cnn: conv 32 3x3 relu, max pool 2, conv 64 3x3 relu, max pool 2, flatten, dense 128 relu, dense 10
('valid' convolutions, as Keras' default: 28 -> 26 -> 13 -> 11 -> 5, so flatten gives 5*5*64 = 1600): the
bench's timing network (torch-cnn.py). `backprop train --model cnn` (MODELS['cnn'], torch-accuracy.py) puts
batch norm between each convolution and its relu, the convolution then without bias.
resnet: a conv stem (16 3x3, batch norm, relu), three basic blocks of He et al. ("Deep Residual Learning
for Image Recognition", 2015: conv 3x3, batch norm, relu, conv 3x3, batch norm, plus the shortcut, then
relu) with 16, 32 and 64 filters, the last two at stride 2 with a 1x1 strided projection as shortcut,
then global average pooling and dense 10. Convolutions followed by batch norm have no bias.

Initial weights and batch norm as Keras' defaults, which our layers follow: Glorot uniform kernels, zero
biases, batch norm epsilon 1e-3 and moving averages updated by 1% per batch (Keras momentum 0.99).
"""
import torch
from torch import nn

BN = {'eps': 1e-3, 'momentum': 0.01}


def conv_relu(channels_in, channels, batch_norm):
    """conv 3x3 relu; with batch_norm, conv 3x3 (no bias), batch norm, relu."""
    if not batch_norm:
        return [nn.Conv2d(channels_in, channels, 3), nn.ReLU()]
    return [nn.Conv2d(channels_in, channels, 3, bias=False), nn.BatchNorm2d(channels, **BN), nn.ReLU()]


def cnn(classes=10, batch_norm=False):
    """The bench's timing network; with batch_norm, that of `backprop train --model cnn`."""
    return nn.Sequential(
        *conv_relu(1, 32, batch_norm), nn.MaxPool2d(2),
        *conv_relu(32, 64, batch_norm), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(5 * 5 * 64, 128), nn.ReLU(),
        nn.Linear(128, classes),
    )


class BasicBlock(nn.Module):
    """relu(F(x) + P(x)) with F = conv-BN-relu-conv-BN and P the identity or a 1x1 strided projection."""

    def __init__(self, channels_in, channels, stride):
        super().__init__()
        self.stack = nn.Sequential(
            nn.Conv2d(channels_in, channels, 3, stride, padding=1, bias=False), nn.BatchNorm2d(channels, **BN),
            nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1, bias=False), nn.BatchNorm2d(channels, **BN),
        )
        changes = stride != 1 or channels_in != channels
        self.projection = nn.Conv2d(channels_in, channels, 1, stride, bias=False) if changes else None

    def forward(self, x):
        shortcut = x if self.projection is None else self.projection(x)
        return torch.relu(self.stack(x) + shortcut)


def resnet(classes=10):
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16, **BN), nn.ReLU(),
        BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, classes),
    )


def keras_init(model):
    """Glorot uniform weights and zero biases, as Keras' (and our layers') defaults."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return model


MODELS = {'cnn': lambda classes=10: cnn(classes, batch_norm=True), 'resnet': resnet}
