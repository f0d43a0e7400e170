"""The training run shared by the train and cnn suites' PyTorch peers (torch-mlp.py, torch-cnn.py):

    python3 bench/peers/torch-<suite>.py --threads N --batches N [--batch-size 128] [--variant per-batch|whole-set]
        [--dir /usr/share/datasets/fashion-mnist]

Follows src/bench/train-protocol.ts and src/bench/cnn-protocol.ts: Fashion-MNIST IDX files read as bytes, the
script's network, softmax cross-entropy, Adam 1e-3, batches in a seeded shuffled order, 5 warm-up batches then
N timed. Two ways to feed it: per-batch (the protocols': each batch made float32 in [0, 1] from the bytes on the
fly) and whole-set (as PyTorch users write it for a data set this small: the whole set made a float32 tensor in
[0, 1] once, before timing, then indexed per batch). Prints one JSON line; peak RSS from getrusage.
"""
import argparse
import json
import resource
import time

import torch

from torch_blas import blas_library
from torch_fashion_mnist import DEFAULT_DIR, load

WARMUP_BATCHES = 5


def run(suite, default_batches, make_model, image_shape):
    """Parses the command line, trains make_model() on the training images reshaped to image_shape (rows first,
    -1 for the row count) and prints the suite's JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--batches', type=int, default=default_batches)
    parser.add_argument('--batch-size', type=int, default=128)
    parser.add_argument('--variant', choices=['per-batch', 'whole-set'], default='per-batch')
    parser.add_argument('--dir', default=DEFAULT_DIR)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)

    train_images, train_labels = load(args.dir)
    images = torch.from_numpy(train_images.reshape(image_shape).copy())
    labels = torch.from_numpy(train_labels)
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.randperm(images.shape[0], generator=torch.Generator().manual_seed(1))
    batch_size = args.batch_size
    per_epoch = images.shape[0] // batch_size
    whole_set = images.to(torch.float32).div_(255.0) if args.variant == 'whole-set' else None

    def step(i):
        rows = order[(i % per_epoch) * batch_size:(i % per_epoch + 1) * batch_size]
        x = whole_set[rows] if whole_set is not None else images[rows].to(torch.float32).div_(255.0)
        y = labels[rows]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for i in range(WARMUP_BATCHES):
        step(i)
    start = time.perf_counter()
    loss = float('nan')
    for i in range(args.batches):
        loss = step(WARMUP_BATCHES + i)
    seconds = time.perf_counter() - start
    print(json.dumps({
        'suite': suite, 'backend': 'pytorch', 'threads': args.threads, 'batchSize': batch_size,
        'variant': args.variant, 'samplesPerSec': round(args.batches * batch_size / seconds),
        'peakRssMb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        'batches': args.batches, 'finalLoss': round(loss, 4),
        'torch': torch.__version__, 'blas': blas_library(),
    }))
