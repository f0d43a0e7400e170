/**
 * The cnn suite's one protocol, shared by our child (cnn-child.ts) and the tfjs peer (bench/peers/tfjs-cnn.ts);
 * bench/peers/torch-cnn.py follows the same steps in Python: Fashion-MNIST loaded from the IDX files as bytes,
 * each batch turned into float32 in [0, 1] on the fly and read as 28x28x1 images; the CNN conv 32 3x3 relu,
 * max pool 2, conv 64 3x3 relu, max pool 2, flatten, dense 128 relu, dense 10 softmax ('valid' convolutions:
 * 28 -> 26 -> 13 -> 11 -> 5), softmax cross-entropy, Adam with learning rate 1e-3, batches of 128 rows in a
 * seeded shuffled order; CNN_WARMUP_BATCHES untimed, then the timed ones. The contenders without SIMD or
 * threads (js, tfjs-cpu) take seconds per batch, so they time fewer batches.
 */
export const CNN_BATCH_SIZE = 128;
export const CNN_WARMUP_BATCHES = 2;
/** Timed batches of native, wasm, tfjs-wasm and PyTorch. */
export const CNN_DEFAULT_BATCHES = 20;
/** Timed batches of js and tfjs-cpu: a tenth of the others', at least 2. */
export const slowBatches = (batches: number): number => Math.max(2, Math.round(batches / 10));
/** The contenders that time slowBatches. */
export const SLOW_CONTENDERS: readonly string[] = ['js', 'tfjs-cpu'];
export const IMAGE_SHAPE = [28, 28, 1] as const;
export const CLASSES = 10;
