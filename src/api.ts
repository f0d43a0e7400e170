// The platform-neutral public API, shared by the Node entry (index.ts) and the browser entry (browser.ts).
export type { Backend, BackendName, DeviceBuffer, Kernels, ActivationName, ActivationCode } from './backends/contract.js';
export { Activation } from './backends/contract.js';
export { backendInfo, getBackend } from './backends/current.js';
export type { BackendInfo, SkippedBackend } from './backends/select.js';
export { BackendUnavailableError } from './backends/errors.js';
export { createJsBackend } from './backends/js/index.js';
export { Random } from './random.js';
export * from './data/index.js';
