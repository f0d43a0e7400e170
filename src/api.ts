// The platform-neutral public API, shared by the Node entry (index.ts) and the browser entry (browser.ts).
export type { Backend, BackendName, DeviceBuffer, Kernels, ActivationName, ActivationCode } from './backends/contract.js';
export { Activation } from './backends/contract.js';
export { backendInfo, getBackend } from './backends/current.js';
export type { BackendInfo, SkippedBackend } from './backends/select.js';
export { createJsBackend } from './backends/js/index.js';
export { Random } from './random.js';
export {
  InputError, ConfigError, NonFiniteLossError, ModelFormatError, NonFiniteWeightError, ModelBusyError, ModelSaveError,
  ModelDisposedError, BackendUnavailableError, BackendNotBuiltError, KernelArgumentError, KernelRangeError,
  WasmMemoryError, CsvError, DataLimitError, DatasetNotFoundError, type DataLimitName,
} from './errors.js';
// Models, layers and training.
export { Tensor2D, tensor2d } from './tensor.js';
export type { TensorLike } from './tensor.js';
export { layers, Layer, Dense, ActivationLayer, BatchNormalization, Dropout, Residual } from './layers/index.js';
export type { LayerArgs, DenseArgs, ActivationArgs, BatchNormalizationArgs, DropoutArgs, ResidualArgs } from './layers/index.js';
export { Sequential, sequential } from './model/sequential.js';
export type { SequentialArgs, CompileArgs, FitArgs, EvaluateArgs } from './model/sequential.js';
export { History } from './model/history.js';
export { loadModel, modelToArtifacts } from './model/io.js';
export type { ModelArtifacts, ModelJson, SaveOptions, LoadOptions } from './model/io.js';
export { optimizers, Optimizer } from './optimizers/index.js';
export type { OptimizerArgs, SgdArgs, AdagradArgs, RmspropArgs, AdamArgs, AdamWArgs, LearningRateSchedule } from './optimizers/index.js';
export { losses } from './losses.js';
export type { Loss, LossName } from './losses.js';
export type { MetricName } from './metrics.js';
export { initializers } from './initializers.js';
export type { Initializer } from './initializers.js';
export { regularizers, constraints } from './regularizers.js';
export type { Regularizer, Constraint } from './regularizers.js';
export { callbacks, EarlyStopping } from './callbacks/index.js';
export type { Callback, Logs, EarlyStoppingArgs, ModelCheckpointArgs, ReduceLROnPlateauArgs } from './callbacks/index.js';
export { perceptron, Perceptron } from './perceptron.js';
export type { PerceptronArgs, PerceptronResult } from './perceptron.js';
export { forwardDifference, backwardDifference, centralDifference, gradientCheck } from './numeric.js';
export type { GradientCheckOptions, GradientCheckResult } from './numeric.js';
export * from './data/index.js';
