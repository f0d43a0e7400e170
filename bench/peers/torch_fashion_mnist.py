"""Fashion-MNIST for the PyTorch peers: the IDX files (gzipped or not) of Debian's dataset-fashion-mnist, or of
the directory BACKPROP_FASHION_MNIST_DIR names, read as bytes, as src/data/idx.ts reads them.
"""
import gzip
import os
import struct

import numpy as np

DEFAULT_DIR = os.environ.get('BACKPROP_FASHION_MNIST_DIR', '/usr/share/datasets/fashion-mnist')


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f'{path}: not a uint8 IDX file')
    dims = data[3]
    shape = struct.unpack('>' + 'I' * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, prefix):
    names = sorted(n for n in os.listdir(directory) if n.startswith(prefix))
    if not names:
        raise FileNotFoundError(f'{directory} has no {prefix}* file')
    return os.path.join(directory, names[0])


def load(directory, part='train'):
    """(images, labels) of one part ('train' or 't10k'): images uint8 [rows, 28, 28], labels int64 [rows]."""
    images = read_idx(find(directory, f'{part}-images'))
    labels = read_idx(find(directory, f'{part}-labels')).astype(np.int64)
    return images, labels
