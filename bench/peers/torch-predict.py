"""The inference suite's PyTorch peer, run by bench/peers/pytorch.ts with /usr/bin/python3 (python3-torch):

    python3 bench/peers/torch-predict.py [--threads 1]

Follows src/bench/inference.ts: the MLP 784-256-128-10 (relu, relu, softmax), untrained, on uniform inputs
in [0, 1), under torch.inference_mode: samples/s of one forward pass over 1,000 rows and the latency of a
one-row pass, each the best of three runs of at least 0.3 s after a warm-up call. The softmax is part of the
pass, as it is of our model's predict. Prints two JSON lines.
"""
import argparse
import json

import torch

from torch_blas import blas_library
from torch_timing import best_seconds_per_call

ROWS = 1000
MIN_SECONDS = 0.3
LAYERS = (784, 256, 128, 10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(LAYERS[0], LAYERS[1]), torch.nn.ReLU(),
        torch.nn.Linear(LAYERS[1], LAYERS[2]), torch.nn.ReLU(),
        torch.nn.Linear(LAYERS[2], LAYERS[3]), torch.nn.Softmax(dim=1),
    ).eval()
    base = {'suite': 'inference', 'backend': 'pytorch', 'threads': args.threads,
            'network': '-'.join(map(str, LAYERS)), 'torch': torch.__version__, 'blas': blas_library()}

    def seconds_per_pass(rows):
        x = torch.rand(rows, LAYERS[0])
        with torch.inference_mode():
            model(x)
            return best_seconds_per_call(lambda: model(x), min_seconds=MIN_SECONDS)

    batch_seconds = seconds_per_pass(ROWS)
    row_seconds = seconds_per_pass(1)
    print(json.dumps({**base, 'rows': ROWS, 'samplesPerSec': round(ROWS / batch_seconds)}))
    print(json.dumps({**base, 'rows': 1, 'latencyUs': round(row_seconds * 1e6, 2)}))


if __name__ == '__main__':
    main()
