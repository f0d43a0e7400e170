/**
 * The image networks of `backprop train --model cnn|resnet` and of the bench's cnn suite, for channels-last
 * images of `imageShape` [height, width, channels] (bench/peers/torch_cnn_models.py holds the same networks
 * in PyTorch, the accuracy reference).
 *
 * cnn: conv 32 3x3 relu, max pool 2, conv 64 3x3 relu, max pool 2, flatten, dense 128 relu, dense softmax
 * ('valid' convolutions, Keras' default): the bench's timing network. `backprop train --model cnn` puts batch
 * normalization (Ioffe and Szegedy, 2015) between each convolution and its relu, as the resnet below does:
 * it lifts the Fashion-MNIST test accuracy after 5 epochs above 0.91 (figures in recipe.ts).
 * resnet: a conv stem (16 3x3, batch norm, relu), three basic blocks of He et al. ("Deep Residual Learning
 * for Image Recognition", 2015: conv 3x3, batch norm, relu, conv 3x3, batch norm, plus the shortcut, then
 * relu) of 16, 32 and 64 filters, the last two at stride 2 (the shortcut is then the residual layer's 1x1
 * strided projection), global average pooling, dense softmax. A convolution followed by batch norm has no
 * bias (the norm's offset takes its place).
 */
import { layers, type Layer } from '../index.js';

export type ImageShape = readonly [number, number, number];

/**
 * The cnn; with `batchNorm`, conv (no bias) - batch norm - relu in place of each conv relu (the bench times
 * the network without).
 */
export function cnnLayers(imageShape: ImageShape, classes: number, batchNorm = false): Layer[] {
  const convRelu = (filters: number, first: boolean): Layer[] => {
    const input = first ? { inputShape: [...imageShape] } : {};
    if (!batchNorm) return [layers.conv2d({ ...input, filters, kernelSize: 3, activation: 'relu' })];
    return [
      layers.conv2d({ ...input, filters, kernelSize: 3, useBias: false }),
      layers.batchNormalization(),
      layers.activation({ activation: 'relu' }),
    ];
  };
  return [
    ...convRelu(32, true),
    layers.maxPooling2d({ poolSize: 2 }),
    ...convRelu(64, false),
    layers.maxPooling2d({ poolSize: 2 }),
    layers.flatten(),
    layers.dense({ units: 128, activation: 'relu' }),
    layers.dense({ units: classes, activation: 'softmax' }),
  ];
}

/** conv 3x3 'same' without bias, then batch norm over the channels. */
const convNorm = (filters: number, strides = 1): Layer[] => [
  layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false }),
  layers.batchNormalization(),
];

/** The basic block: relu(F(x) + x), F = conv-BN-relu-conv-BN; a 1x1 strided projection of x where F changes the shape. */
const basicBlock = (filters: number, strides: number): Layer =>
  layers.residual({
    layers: [...convNorm(filters, strides), layers.activation({ activation: 'relu' }), ...convNorm(filters)],
    activation: 'relu',
  });

export function resnetLayers(imageShape: ImageShape, classes: number): Layer[] {
  return [
    layers.conv2d({ inputShape: [...imageShape], filters: 16, kernelSize: 3, padding: 'same', useBias: false }),
    layers.batchNormalization(),
    layers.activation({ activation: 'relu' }),
    basicBlock(16, 1),
    basicBlock(32, 2),
    basicBlock(64, 2),
    layers.globalAveragePooling2d(),
    layers.dense({ units: classes, activation: 'softmax' }),
  ];
}

/** The smallest side the cnn takes: two 'valid' 3x3 convolutions and two pools of 2 leave 1 pixel of 10. */
export const CNN_MIN_SIDE = 10;

/** The layers of an image network for images of `imageShape`; throws naming the sizes when they are too small. */
export function imageModelLayers(model: 'cnn' | 'resnet', imageShape: ImageShape, classes: number): Layer[] {
  if (model === 'resnet') return resnetLayers(imageShape, classes);
  const [height, width] = imageShape;
  if (height < CNN_MIN_SIDE || width < CNN_MIN_SIDE) {
    throw new Error(
      `backprop: --model cnn needs images of at least ${CNN_MIN_SIDE}x${CNN_MIN_SIDE} pixels (two 3x3 convolutions ` +
        `and two pools of 2 leave nothing of smaller ones); got ${height}x${width}: use --model resnet or larger images`,
    );
  }
  return cnnLayers(imageShape, classes, true);
}
