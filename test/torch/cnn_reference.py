"""The float64 PyTorch reference for test/model/torch-cnn.test.ts, run with /usr/bin/python3 (Debian's python3-torch):

    python3 test/torch/cnn_reference.py < problems.json

Reads a JSON array of problems from stdin (one Python start for all of them: importing torch is most of a run's
time), each an object: a convolutional network given layer by layer with its initial weights in Keras'
layout (channels-last images, conv kernel [kh, kw, in, out], dense kernel [in, out]), the training images x
(samples x h x w x c, row-major) and class labels y, the batch size, the optimizer with its hyperparameters and the
number of steps. Trains it in float64 with softmax cross-entropy (the last layer's softmax taken into the loss, as
Keras' sparse categorical cross-entropy on a softmax output), step t on the batch starting at sample
(t * batchSize) mod samples, and prints one JSON line: an array with {"losses": [...]} (each step's loss before its
update) for each problem, in order.

PyTorch is channels-first: images are permuted to [n, c, h, w] and conv kernels to [out, in, kh, kw]; a flatten
permutes back to channels-last first, so that the dense kernel after it is the same matrix. Keras' 'same' padding
puts the odd row or column at the end (TensorFlow's convention), so it is padded explicitly; pooling never counts
padding (a max over padding is -inf, an average divides by the cells inside the image).
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

ACTIVATIONS = {
    'linear': lambda z: z,
    'relu': torch.relu,
    'sigmoid': torch.sigmoid,
    'tanh': torch.tanh,
}


def same_padding(size, kernel, stride, dilation):
    """Keras 'same': the output is ceil(size / stride); the padding before is half the total, rounded down."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def pad_for(layer, x, kernel, dilation, value):
    """x [n, c, h, w] padded as the layer's padding says (F.pad takes left, right, top, bottom)."""
    if layer['padding'] == 'valid':
        return x
    top, bottom = same_padding(x.shape[2], kernel[0], layer['strides'][0], dilation[0])
    left, right = same_padding(x.shape[3], kernel[1], layer['strides'][1], dilation[1])
    return F.pad(x, (left, right, top, bottom), value=value)


def tensor(values, shape=None):
    t = torch.tensor(values, dtype=torch.float64)
    return t.reshape(shape) if shape is not None else t


class Network:
    """The layers of the problem, their parameters as float64 leaf tensors."""

    def __init__(self, spec):
        self.layers = spec['layers']
        self.parameters = []
        for layer in self.layers:
            kind = layer['type']
            if kind == 'conv2d':
                # Keras [kh, kw, in, out] -> PyTorch [out, in, kh, kw].
                layer['w'] = self.parameter(tensor(layer['kernel'], layer['kernelShape']).permute(3, 2, 0, 1))
            elif kind == 'dense':
                layer['w'] = self.parameter(tensor(layer['kernel'], layer['kernelShape']))
            elif kind == 'batchNormalization':
                layer['gamma_t'] = self.parameter(tensor(layer['gamma']))
                layer['beta_t'] = self.parameter(tensor(layer['beta']))
            if kind in ('conv2d', 'dense'):
                layer['b'] = self.parameter(tensor(layer['bias'])) if layer.get('bias') is not None else None

    def parameter(self, t):
        t = t.contiguous().clone().requires_grad_(True)
        self.parameters.append(t)
        return t

    def logits(self, x):
        """x: [n, h, w, c] float64. The last layer's activation is left to the loss."""
        x = x.permute(0, 3, 1, 2)
        for index, layer in enumerate(self.layers):
            last = index == len(self.layers) - 1
            kind = layer['type']
            if kind == 'conv2d':
                kernel, dilation = layer['kernelSize'], layer['dilationRate']
                x = F.conv2d(pad_for(layer, x, kernel, dilation, 0.0), layer['w'], layer['b'],
                             stride=layer['strides'], dilation=dilation)
                x = ACTIVATIONS[layer['activation']](x)
            elif kind == 'maxPooling2d':
                pool = layer['poolSize']
                x = F.max_pool2d(pad_for(layer, x, pool, (1, 1), -math.inf), pool, layer['strides'])
            elif kind == 'averagePooling2d':
                pool = layer['poolSize']
                sums = F.avg_pool2d(pad_for(layer, x, pool, (1, 1), 0.0), pool, layer['strides'])
                ones = torch.ones_like(x[:1, :1])
                inside = F.avg_pool2d(pad_for(layer, ones, pool, (1, 1), 0.0), pool, layer['strides'])
                x = sums / inside
            elif kind == 'globalAveragePooling2d':
                x = x.mean(dim=(2, 3))
            elif kind == 'batchNormalization':
                # Training mode: the batch's mean and biased variance, per channel (per feature on vectors).
                x = F.batch_norm(x, None, None, layer['gamma_t'], layer['beta_t'], training=True,
                                 eps=layer['epsilon'])
            elif kind == 'flatten':
                # Channels-last order, as the Keras model flattens.
                x = (x.permute(0, 2, 3, 1) if x.dim() == 4 else x).reshape(x.shape[0], -1)
            elif kind == 'dense':
                x = x @ layer['w']
                if layer['b'] is not None:
                    x = x + layer['b']
                if not last:
                    x = ACTIVATIONS[layer['activation']](x)
            else:
                raise ValueError(f'unknown layer type {kind!r}')
            if last and layer.get('activation') != 'softmax':
                raise ValueError(f'the last layer must have a softmax activation; got {layer.get("activation")!r}')
        return x


def optimizer_for(spec, parameters):
    options = spec['optimizer']
    if options['name'] == 'sgd':
        return torch.optim.SGD(parameters, lr=options['learningRate'])
    if options['name'] == 'adam':
        return torch.optim.Adam(parameters, lr=options['learningRate'], betas=(options['beta1'], options['beta2']),
                                eps=options['epsilon'])
    raise ValueError(f'unknown optimizer {options["name"]!r}')


def train(spec):
    """Each step's loss, before its update, of the problem `spec` (one object as the module's text gives it)."""
    height, width, channels = spec['inputShape']
    x = tensor(spec['x']).reshape(-1, height, width, channels)
    y = torch.tensor(spec['y'], dtype=torch.int64)
    batch = spec['batchSize']
    if x.shape[0] % batch != 0 or y.shape[0] != x.shape[0]:
        raise ValueError(f'{x.shape[0]} images and {y.shape[0]} labels do not make batches of {batch}')
    network = Network(spec)
    optimizer = optimizer_for(spec, network.parameters)
    losses = []
    for step in range(spec['steps']):
        start = (step * batch) % x.shape[0]
        optimizer.zero_grad()
        loss = F.cross_entropy(network.logits(x[start:start + batch]), y[start:start + batch])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def main():
    problems = json.load(sys.stdin)
    torch.set_num_threads(1)
    print(json.dumps([{'losses': train(spec)} for spec in problems]))


if __name__ == '__main__':
    main()
