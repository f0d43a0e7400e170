import type { BackendCandidate } from '../select.js';
import { BackendNotBuiltError } from '../errors.js';

// Placeholder until the native backend lands (issue 3): there is no addon to load yet.
export const nativeCandidate: BackendCandidate = {
  name: 'native',
  load() {
    throw new BackendNotBuiltError('not built: the native addon is not part of this version yet');
  },
};
