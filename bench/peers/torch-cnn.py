"""The cnn suite's PyTorch peer, run by bench/peers/pytorch.ts with /usr/bin/python3 (Debian's python3-torch):

    python3 bench/peers/torch-cnn.py --threads N --batches N [--batch-size 128] [--variant per-batch|whole-set]
        [--dir /usr/share/datasets/fashion-mnist]

Follows src/bench/cnn-protocol.ts with the CNN of torch_cnn_models.py (conv 32 3x3 relu, max pool 2, conv 64 3x3
relu, max pool 2, dense 128 relu, dense 10, softmax cross-entropy); the run, its two variants (per-batch,
whole-set) and its JSON line are torch_train_peer.py's.
"""
from torch_cnn_models import cnn
from torch_train_peer import run

if __name__ == '__main__':
    run('cnn', default_batches=20, make_model=cnn, image_shape=(-1, 1, 28, 28))
