// Bugs the fuzzers found that are reported and being fixed in the library. Their findings are counted
// and printed but do not fail the suites; delete an entry once its fix is merged (the suites then fail if
// the bug comes back). Every entry says what is wrong and how to see it in a few lines.
import type { KnownBug } from './verdict.js';

const PROTOTYPE_NAME = '(__proto__|constructor|toString|valueOf|hasOwnProperty|__defineGetter__)';

export const KNOWN_API_BUGS: readonly KnownBug[] = [
  {
    id: 'data-helpers-do-not-check-arguments',
    reproducer: "oneHot(undefined, 2) // TypeError; oneHot({}, 4) returns an empty array; argMax(null, 2), gatherBatch(d, order, 0, 1, null), " +
      "standardScaler().fit([1, 2], 1).transform(null) // TypeError; shuffle({ x, y, rows: NaN, features: 1, classes: 0 }) returns; " +
      "trainTestSplit({ ...d, x: 'x' }) // TypeError: data.x.subarray is not a function; scalerFromJSON({ ...json, range: 'x' }) and minMaxScaler(3) // TypeError: range.join is not a function",
    matches: (call) => /^(oneHot|argMax|shuffle|trainTestSplit|gatherBatch|scaler\.transform|scalerFromJSON|minMaxScaler)\(/.test(call),
  },
  {
    id: 'allocate-length-not-checked',
    reproducer: 'getBackend().allocate(1e300) // js and native: RangeError: Invalid typed array length (wasm says what it needs)',
    matches: (call, problem) => call.startsWith('getBackend().allocate(') && /Invalid typed array length|Symbol value/.test(problem),
  },
  {
    id: 'bigint-and-symbol-arguments-break-error-messages',
    reproducer: 'getBackend().scale(3n, 2, x) // js and wasm: TypeError: Cannot mix BigInt and other types; getBackend().softmaxBackward(Symbol(), ...) ' +
      '// Cannot convert a Symbol value to a number (the kernel argument checks of src/backends/ do arithmetic before checking the type)',
    matches: (call, problem) => call.startsWith('getBackend().') && /serialize a BigInt|Cannot mix BigInt|Cannot convert a Symbol value/.test(problem),
  },
  {
    id: 'js-and-wasm-kernel-checks-looser-than-native',
    reproducer: 'getBackend().scale(4, 1e39, x), batchNormForwardTrain(3, 4, 1e-3, 1.5, ...), adagradStep(12, 0.1, -1, ...), batchNormBackward(0, 4, ...) // js and wasm run them; ' +
      'native refuses each ("a finite number within float32 range", momentum in [0, 1], epsilon >= 0): src/backends/validate.ts checks only finiteness',
    matches: (call, problem) => /^getBackend\(\)\.\w+\(argument \d+ \((real|rate|size1)\) = /.test(call) && problem.startsWith('returned'),
  },
];

export const KNOWN_MODEL_FILE_BUGS: readonly KnownBug[] = [
];
