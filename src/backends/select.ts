import type { Backend, BackendName } from './contract.js';
import { BackendNotBuiltError, BackendUnavailableError } from '../errors.js';
import { detectRuntime, type RuntimeInfo } from '../runtime.js';

/** One way to obtain a backend; `load` throws when it cannot (BackendNotBuiltError: nothing to load). */
export interface BackendCandidate {
  readonly name: BackendName;
  load(): Backend | Promise<Backend>;
}

/** A candidate that loads synchronously (every Node candidate: the package's import cannot wait). */
export interface SyncBackendCandidate extends BackendCandidate {
  load(): Backend;
}

/**
 * Why a backend is not the one in use: its code is not built, it threw while loading, another was asked
 * for (an option or BACKPROP_BACKEND), or one before it in the order loaded first.
 */
export type SkipStatus = 'not built' | 'failed to load' | 'overridden' | 'not tried';

/** A backend that is not in use, and why. */
export interface SkippedBackend {
  /** Which backend. */
  readonly name: BackendName;
  /** Why it is not in use, as a category. */
  readonly status: SkipStatus;
  /** The error text or the reason, in words. */
  readonly reason: string;
}

/** Which backend runs and why; what initBackend and backendInfo() return. */
export interface BackendInfo {
  /** The backend in use. */
  readonly backend: BackendName;
  /** Why this backend runs: the first that loaded, or the one requested. */
  readonly chosenBecause: string;
  /** The backend's own facts (native: instruction set, threads; wasm: SIMD), as Backend.details. */
  readonly details: Readonly<Record<string, string | number | boolean>>;
  /** Every other backend, and why it is not the one in use. */
  readonly skipped: readonly SkippedBackend[];
  /** The JavaScript runtime (Node, Deno, Bun, workerd, browser) and its version. */
  readonly runtime: RuntimeInfo;
}

export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm', 'js'];

export function parseBackendName(value: string, source: string): BackendName {
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new TypeError(`backprop: ${source} must be one of ${BACKEND_NAMES.join(', ')}; got ${JSON.stringify(value)}`);
}

/** What trying one candidate gave: the backend, or what it threw. */
type Attempt = { backend: Backend } | { error: unknown };
type Selection = { backend: Backend; info: BackendInfo };

/**
 * The selection itself, written once for the synchronous and the asynchronous loaders: yields each
 * candidate to try and is resumed with what trying it gave.
 */
function* choose(
  candidates: readonly BackendCandidate[],
  requested: BackendName | undefined,
  requestedBy: string,
): Generator<BackendCandidate, Selection, Attempt> {
  const skipped: SkippedBackend[] = [];
  let chosen: Backend | undefined;
  let chosenBecause = '';
  for (const candidate of candidates) {
    if (chosen) {
      skipped.push({ name: candidate.name, status: 'not tried', reason: `${chosen.name} loaded first` });
      continue;
    }
    if (requested && candidate.name !== requested) {
      skipped.push({ name: candidate.name, status: 'overridden', reason: `${requestedBy} asks for ${requested}` });
      continue;
    }
    const attempt = yield candidate;
    if ('backend' in attempt) {
      chosen = attempt.backend;
      chosenBecause = requested
        ? `requested by ${requestedBy}`
        : skipped.length === 0
          ? 'first choice, loaded'
          : `first that loaded (${skipped.map((s) => `${s.name}: ${s.status}`).join('; ')})`;
    } else {
      const { error } = attempt;
      const message = error instanceof Error ? error.message : String(error);
      if (requested) throw new BackendUnavailableError(requested, message);
      skipped.push({
        name: candidate.name,
        status: error instanceof BackendNotBuiltError ? 'not built' : 'failed to load',
        reason: message,
      });
    }
  }
  if (!chosen) {
    if (requested) throw new BackendUnavailableError(requested, 'no loader for it on this platform');
    throw new Error(`backprop: no backend could load: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
  }
  const info = { backend: chosen.name, chosenBecause, details: chosen.details, skipped, runtime: detectRuntime() };
  return { backend: chosen, info };
}

/**
 * Tries the candidates in order (native, wasm, js) and keeps every failure. With `requested`, only that
 * backend is tried and a failure is a BackendUnavailableError, never a silent fallback.
 */
export async function selectBackend(
  candidates: readonly BackendCandidate[],
  requested?: BackendName,
  requestedBy = 'option',
): Promise<Selection> {
  const steps = choose(candidates, requested, requestedBy);
  for (let step = steps.next(); ;) {
    if (step.done) return step.value;
    let attempt: Attempt;
    try {
      attempt = { backend: await step.value.load() };
    } catch (error) {
      attempt = { error };
    }
    step = steps.next(attempt);
  }
}

/** selectBackend for candidates that load synchronously: the same order, reasons and errors. */
export function selectBackendSync(
  candidates: readonly SyncBackendCandidate[],
  requested?: BackendName,
  requestedBy = 'option',
): Selection {
  const steps = choose(candidates, requested, requestedBy);
  for (let step = steps.next(); ;) {
    if (step.done) return step.value;
    let attempt: Attempt;
    try {
      attempt = { backend: (step.value as SyncBackendCandidate).load() };
    } catch (error) {
      attempt = { error };
    }
    step = steps.next(attempt);
  }
}
