"""The train suite's PyTorch peer, run by bench/peers/pytorch.ts with /usr/bin/python3 (Debian's python3-torch):

    python3 bench/peers/torch-mlp.py --threads N --batches N [--batch-size 128] [--variant per-batch|whole-set]
        [--dir /usr/share/datasets/fashion-mnist]

Follows src/bench/train-protocol.ts with the MLP 784-256-128-10 (relu, relu, softmax cross-entropy); the run,
its two variants (per-batch, whole-set) and its JSON line are torch_train_peer.py's.
bench/peers/pytorch.ts removes OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE from the environment so that OpenBLAS
picks its own kernels for this CPU, PyTorch's best case, and sets OMP_WAIT_POLICY=passive unless it is
set (spinning OpenMP threads starve each other on a busy 2-core machine).
"""
import torch

from torch_train_peer import run


def mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )


if __name__ == '__main__':
    run('train', default_batches=100, make_model=mlp, image_shape=(-1, 784))
