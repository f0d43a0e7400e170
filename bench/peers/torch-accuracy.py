"""The PyTorch reference for the accuracy of `backprop train --data fashion-mnist --model cnn|resnet`:

    python3 bench/peers/torch-accuracy.py --model cnn|resnet [--epochs 5] [--batch-size 32] [--lr 1e-3]
        [--schedule cosine|constant] [--threads 1] [--seed 1] [--dir /usr/share/datasets/fashion-mnist]

The same network (torch_cnn_models.py), data, preprocessing and recipe as the command: the 60,000 training
images less 5,000 held out for validation (a seeded random choice), pixels scaled to [0, 1], shuffled batches
of 32, Adam (Keras' and our defaults: betas 0.9, 0.999; epsilon 1e-7) with a learning rate of 1e-3 that
decays along half a cosine to 0 over all the steps (CosineAnnealingLR stepped per batch, Keras CosineDecay),
softmax cross-entropy; then the accuracy on the 10,000 test images. Prints one line per epoch (on stderr) and one
JSON line with the test accuracy, the seconds and the peak RSS (getrusage) on stdout.
"""
import argparse
import json
import resource
import sys
import time

import torch

from torch_cnn_models import MODELS, keras_init
from torch_fashion_mnist import DEFAULT_DIR, load

VALIDATION_ROWS = 5000


def as_tensor(images):
    return torch.from_numpy(images.copy()).to(torch.float32).div_(255.0).unsqueeze(1)


def accuracy(model, x, y, batch_size=256):
    model.eval()
    correct = 0
    loss = 0.0
    with torch.inference_mode():
        for start in range(0, x.shape[0], batch_size):
            logits = model(x[start:start + batch_size])
            loss += torch.nn.functional.cross_entropy(logits, y[start:start + batch_size], reduction='sum').item()
            correct += (logits.argmax(1) == y[start:start + batch_size]).sum().item()
    model.train()
    return correct / x.shape[0], loss / x.shape[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', choices=sorted(MODELS), required=True)
    parser.add_argument('--epochs', type=int, default=5)
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--schedule', choices=['constant', 'cosine'], default='cosine')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--dir', default=DEFAULT_DIR)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    started = time.perf_counter()

    images, labels = load(args.dir)
    test_images, test_labels = load(args.dir, 't10k')
    order = torch.randperm(images.shape[0], generator=torch.Generator().manual_seed(args.seed))
    held_out, kept = order[:VALIDATION_ROWS], order[VALIDATION_ROWS:]
    x_all, y_all = as_tensor(images), torch.from_numpy(labels)
    x, y = x_all[kept], y_all[kept]
    x_val, y_val = x_all[held_out], y_all[held_out]
    x_test, y_test = as_tensor(test_images), torch.from_numpy(test_labels)

    model = keras_init(MODELS[args.model]())
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, eps=1e-7)
    steps = args.epochs * ((x.shape[0] + args.batch_size - 1) // args.batch_size)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps) if args.schedule == 'cosine' else None
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        shuffled = torch.randperm(x.shape[0])
        total = 0.0
        for start in range(0, x.shape[0], args.batch_size):
            rows = shuffled[start:start + args.batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[rows]), y[rows])
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            total += loss.item() * rows.shape[0]
        val_accuracy, val_loss = accuracy(model, x_val, y_val)
        print(f'epoch {epoch + 1}/{args.epochs}: loss {total / x.shape[0]:.4f}, val_loss {val_loss:.4f}, '
              f'val_accuracy {val_accuracy:.4f} ({time.perf_counter() - started:.0f}s)', file=sys.stderr, flush=True)
    test_accuracy, test_loss = accuracy(model, x_test, y_test)
    print(json.dumps({
        'model': args.model, 'epochs': args.epochs, 'batchSize': args.batch_size, 'lr': args.lr,
        'schedule': args.schedule, 'threads': args.threads,
        'seed': args.seed, 'testAccuracy': round(test_accuracy, 4), 'testLoss': round(test_loss, 4),
        'seconds': round(time.perf_counter() - started, 1),
        'peakRssMb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        'torch': torch.__version__,
    }))


if __name__ == '__main__':
    main()
