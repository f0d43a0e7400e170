// Bugs the fuzzers found that are reported and being fixed in the library. Their findings are counted
// and printed but do not fail the suites; delete an entry once its fix is merged (the suites then fail if
// the bug comes back). Every entry says what is wrong and how to see it in a few lines.
import type { KnownBug } from './verdict.js';

export const KNOWN_API_BUGS: readonly KnownBug[] = [];

export const KNOWN_MODEL_FILE_BUGS: readonly KnownBug[] = [];
