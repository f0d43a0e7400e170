import type { Backend } from '../backends/contract.js';
import { describeValue } from '../describe-value.js';

/**
 * The `backend` option of sequential(), compile() and loadModel(): undefined (the active backend) or a
 * Backend object. A name such as 'js' is refused here, not later when the model first allocates memory.
 */
export function checkBackendOption(value: unknown, where: string): Backend | undefined {
  if (value === undefined) return undefined;
  const backend = value as Partial<Backend> | null;
  if (
    typeof backend !== 'object' ||
    backend === null ||
    typeof backend.allocate !== 'function' ||
    typeof backend.name !== 'string'
  ) {
    throw new TypeError(
      `backprop: ${where} backend must be a backend object (from getBackend() or await loadBackend('js'), not a name); got ${describeValue(value)}`,
    );
  }
  return value as Backend;
}
