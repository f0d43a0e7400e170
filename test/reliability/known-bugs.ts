// Bugs the fuzzers found that are reported and being fixed in the library. Their findings are counted
// and printed but do not fail the suites; delete an entry once its fix is merged (the suites then fail if
// the bug comes back). Every entry says what is wrong and how to see it in a few lines.
import type { KnownBug } from './verdict.js';

const PROTOTYPE_NAME = '(__proto__|constructor|toString|valueOf|hasOwnProperty|__defineGetter__)';

export const KNOWN_API_BUGS: readonly KnownBug[] = [
  {
    id: 'bigint-and-symbol-arguments-break-error-messages',
    reproducer: 'getBackend().scale(3n, 2, x) // js and wasm: TypeError: Cannot mix BigInt and other types; getBackend().softmaxBackward(Symbol(), ...) ' +
      '// Cannot convert a Symbol value to a number (the kernel argument checks of src/backends/ do arithmetic before checking the type)',
    matches: (call, problem) => call.startsWith('getBackend().') && /serialize a BigInt|Cannot mix BigInt|Cannot convert a Symbol value/.test(problem),
  },
];

export const KNOWN_MODEL_FILE_BUGS: readonly KnownBug[] = [
];
