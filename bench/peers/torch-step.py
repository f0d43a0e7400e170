"""The step suite's PyTorch peer, run by bench/peers/pytorch.ts with /usr/bin/python3 (Debian's python3-torch):

    python3 bench/peers/torch-step.py [--threads 1]

Follows src/bench/step.ts: the iris rows of the repository's data/iris.csv standardised over all rows, the
network 4-30-16-3 (relu, relu, softmax cross-entropy), Adam 1e-3, one row per step in order. A step is what
`trainOnBatch` does: zero the gradients, forward, loss, backward, optimizer step, and the loss as a number.
1 s of warm-up steps, then the median seconds per step over 9 windows of at least 0.2 s (the STEP_TIMING of
src/bench/step.ts). Prints one JSON line.
"""
import argparse
import json
import os

import numpy as np
import torch

from torch_blas import blas_library
from torch_timing import steady_step_seconds

LAYERS = (4, 30, 16, 3)


def read_iris(path):
    # data/iris.csv: a header line (rows, features, class names), then four features and the class index per row.
    table = np.loadtxt(path, delimiter=',', skiprows=1, dtype=np.float32)
    return table[:, :4], table[:, 4].astype(np.int64)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument('--csv', default=os.path.join(here, '..', '..', 'data', 'iris.csv'))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(7)

    features, labels = read_iris(args.csv)
    features = (features - features.mean(axis=0)) / features.std(axis=0)
    x_rows = torch.from_numpy(features)
    y_rows = torch.from_numpy(labels)
    model = torch.nn.Sequential(
        torch.nn.Linear(LAYERS[0], LAYERS[1]), torch.nn.ReLU(),
        torch.nn.Linear(LAYERS[1], LAYERS[2]), torch.nn.ReLU(),
        torch.nn.Linear(LAYERS[2], LAYERS[3]),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    row = 0

    def step():
        nonlocal row
        x = x_rows[row:row + 1]
        y = y_rows[row:row + 1]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        row = (row + 1) % x_rows.shape[0]
        return loss.item()

    seconds = steady_step_seconds(step, warm_up_seconds=1.0, windows=9, window_seconds=0.2)
    print(json.dumps({
        'suite': 'step', 'backend': 'pytorch', 'threads': args.threads, 'batchSize': 1,
        'network': '-'.join(map(str, LAYERS)), 'usPerStep': round(seconds * 1e6, 2), 'torch': torch.__version__,
        'blas': blas_library(),
    }))


if __name__ == '__main__':
    main()
