// The platform-neutral public API, shared by the Node entry (index.ts) and the browser entry (browser.ts).
export type {
  Backend,
  BackendName,
  DeviceBuffer,
  Kernels,
  ActivationName,
  ActivationCode,
} from './backends/contract.js';
// Activation is the manifest's ACTIVATIONS table under its public name (the same object as contract.ts's).
export { ACTIVATIONS as Activation } from './backends/manifest.js';
export { backendInfo, getBackend } from './backends/current.js';
export type { BackendInfo, SkippedBackend, SkipStatus } from './backends/select.js';
export type { RuntimeInfo, RuntimeName } from './runtime.js';
export { createJsBackend } from './backends/js/index.js';
export { Random } from './random.js';
export {
  InputError,
  ConfigError,
  NonFiniteLossError,
  ModelFormatError,
  NonFiniteWeightError,
  ModelBusyError,
  ModelSaveError,
  ModelDisposedError,
  BackendUnavailableError,
  BackendNotBuiltError,
  KernelArgumentError,
  KernelRangeError,
  WasmMemoryError,
  CsvError,
  DataLimitError,
  DatasetNotFoundError,
  type DataLimitName,
} from './errors.js';
// Models, layers and training.
export { Tensor, Tensor2D, tensor, tensor2d } from './tensor.js';
export type { NestedNumbers, TensorLike } from './tensor.js';
// The layer classes, their option types and the `layers` factories, as src/layers/index.ts lists them.
export * from './layers/index.js';
export type { Weight } from './layers/layer.js';
export type { ActivationIdentifier, ResolvedActivation } from './layers/activation-kind.js';
export { Sequential, sequential } from './model/sequential.js';
export type { SequentialArgs, CompileArgs, FitArgs, EvaluateArgs } from './model/sequential.js';
export type { NamedWeight } from './model/engine.js';
export type { ParamCounts } from './model/layer-stack.js';
export type { WeightValues } from './model/weights.js';
export { History } from './model/history.js';
export { loadModel, modelToArtifacts, listModels, removeModel } from './model/io.js';
export type { ModelArtifacts, ModelJson, SaveOptions, LoadOptions, ModelSource, SavedModelInfo } from './model/io.js';
export type { WeightEntry } from './model/format.js';
export type { SavableModel } from './model/save.js';
export { optimizers, Optimizer, Sgd, Adagrad, Rmsprop, Adam, AdamW } from './optimizers/index.js';
export type {
  OptimizerArgs,
  SgdArgs,
  AdagradArgs,
  RmspropArgs,
  AdamArgs,
  AdamWArgs,
  LearningRateSchedule,
} from './optimizers/index.js';
export { losses } from './losses.js';
export type { Loss, LossName } from './losses.js';
export type { Metric, MetricName } from './metrics.js';
export { initializers } from './initializers.js';
export type { Initializer } from './initializers.js';
export { regularizers, constraints } from './regularizers.js';
export type { Regularizer, Constraint } from './regularizers.js';
export { callbacks, EarlyStopping } from './callbacks/index.js';
export type {
  Callback,
  Logs,
  EarlyStoppingArgs,
  ModelCheckpointArgs,
  ReduceLROnPlateauArgs,
} from './callbacks/index.js';
export type { TrainingModel } from './callbacks/callback.js';
export type { MonitorMode } from './callbacks/monitor.js';
export { perceptron, Perceptron } from './perceptron.js';
export type { PerceptronArgs, PerceptronResult } from './perceptron.js';
export { forwardDifference, backwardDifference, centralDifference, gradientCheck } from './numeric.js';
export type { GradientCheckOptions, GradientCheckResult, WeightCheck } from './numeric.js';
export * from './data/index.js';
export type { GatherOptions } from './data/batches.js';
export type { IdxData } from './data/idx.js';
export type { MinMaxScalerJSON, StandardScalerJSON, Numbers } from './data/scalers.js';
