// The native backend: the C++ addon (native/, built by binding.gyp) loaded with node-gyp-build, which
// looks in build/Release first and then in prebuilds/<platform>-<arch>/ (PREBUILDS_ONLY=1 skips build/).
// The addon checks every argument itself against the manifest (native/args.cc) and reads the typed arrays
// in place, so its functions are the kernels as they are: no wrapper, no copy, no per-call allocation here.
import { createRequire } from 'node:module';
import type { Backend, DeviceBuffer, Kernels } from '../contract.js';
import { allocateHostFloats, checkBufferLength, MAX_HOST_BUFFER_LENGTH } from '../buffer-length.js';
import { BackendNotBuiltError, KernelArgumentError, KernelRangeError } from '../../errors.js';
import { KERNEL_NAMES } from '../manifest.js';
import { KERNEL_PROGRAMS, type KernelCall, type KernelProgram, type MaybePrograms } from '../unchecked.js';
import { findPackageRoot, PACKAGE_NAME, packageVersion } from '../../package-root.js';
import type { SyncBackendCandidate } from '../select.js';

const require = createRequire(import.meta.url);

/** What the addon exports besides the kernels (see native/binding.cc). */
export interface NativeAddon extends Kernels {
  /** The instruction set in use: avx512, avx2, sse2, neon or scalar. */
  isa(): string;
  /** The levels this CPU supports, widest first, comma-separated. */
  isaSupported(): string;
  /** Switches to another supported level (tests); returns the level now in use. */
  selectIsa(name: string): string;
  threads(): number;
  /**
   * How the thread count in use was chosen: measured (automatic; the first call, or the first kernel with
   * enough work to split, measures), or explicit.
   */
  threadChoice(): string;
  /** Whether the automatic thread count has been chosen yet (tests: loading the addon does not choose it). */
  threadChoiceMade(): boolean;
  /** Sets the size of the thread pool; returns it. */
  setThreads(threads: number): number;
  /** The naive triple-loop GEMM (double accumulation), for tests and the benchmark. */
  gemmReference: Kernels['gemm'];
  /** Vectorised math over n values: kind 0 exp, 1 log, 2 tanh, 3 sigmoid, 4 normal CDF (accuracy tests). */
  vectorMath(kind: number, n: number, x: Float32Array, y: Float32Array): void;
  /** Checks its arguments and does nothing: measures the cost of one call. */
  noop(n: number, x: Float32Array): void;
  /**
   * Checks a sequence of kernel calls ([name, ...arguments] each) and returns it as a program (native/program.cc);
   * `result`: the index of the call whose number runProgram returns, or -1.
   */
  compileProgram(calls: readonly KernelCall[], result: number): object;
  /** Runs a program from compileProgram; returns its result call's number (undefined when it has none). */
  runProgram(program: object): number | undefined;
  /** The classes the addon throws kernel argument errors as, in this JavaScript environment. */
  setErrorClasses(argumentError: typeof KernelArgumentError, rangeError: typeof KernelRangeError): void;
}

/** The native backend plus the controls only it has (the thread count, the instruction set). */
export interface NativeBackend extends Backend {
  readonly name: 'native';
  readonly addon: NativeAddon;
  /** Sets the number of threads the kernels use (1 = the calling thread only). */
  setThreads(threads: number): void;
}

/** The package's folder, which holds build/ and prebuilds/; none means there is no addon to load. */
function addonRoot(): string {
  const root = findPackageRoot();
  if (root === undefined) throw new BackendNotBuiltError(`not built: cannot find the ${PACKAGE_NAME} package folder`);
  return root;
}

/**
 * The command that builds the addon: `npm rebuild backprop-nn` for an installed copy of the package (it
 * runs the package's install script, which compiles when no prebuilt binary loads), the build script in
 * a checkout of this repository.
 */
export function rebuildCommand(root: string): string {
  return root.split(/[\\/]/).includes('node_modules') ? 'npm rebuild backprop-nn' : 'npm run build:native';
}

/**
 * Finds and loads the addon under `root`. Nothing to load throws BackendNotBuiltError; a binary that is
 * there but does not load (corrupt, wrong platform, missing symbol) throws an Error with the loader's text.
 * Both messages end with the command that fixes it.
 */
export function loadAddon(root: string): { addon: NativeAddon; path: string } {
  const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };
  const fix = rebuildCommand(root);
  let path: string;
  try {
    path = nodeGypBuild.resolve(root);
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BackendNotBuiltError(`not built: ${text}; to build it (a C++ compiler and Python are needed): ${fix}`);
  }
  let addon: NativeAddon;
  try {
    addon = require(path) as NativeAddon;
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`the native addon at ${path} did not load: ${text}; to rebuild it: ${fix}`);
  }
  const missing = KERNEL_NAMES.filter((name) => typeof addon[name] !== 'function');
  if (missing.length > 0)
    throw new Error(`the native addon at ${path} lacks kernels: ${missing.join(', ')}; to rebuild it: ${fix}`);
  addon.setErrorClasses(KernelArgumentError, KernelRangeError);
  return { addon, path };
}

/** Builds the backend object around a loaded addon. */
export function createNativeBackend(addon: NativeAddon, path: string, version = 'unknown'): NativeBackend {
  addon.setErrorClasses(KernelArgumentError, KernelRangeError);
  const details: Record<string, string | number | boolean> = {
    isa: addon.isa(),
    isaSupported: addon.isaSupported(),
    isaCap: process.env.BACKPROP_NATIVE_ISA || 'none',
    // Read when asked: the addon measures its default thread count the first time it is needed, so a
    // backend that is only loaded (or runs nothing big enough to split) never pays for the measurement.
    get threads() {
      return addon.threads();
    },
    get threadChoice() {
      return addon.threadChoice();
    },
    binary: path,
    prebuilt: /[\\/]prebuilds[\\/]/.test(path),
    version,
  };
  const refresh = (): void => {
    details.isa = addon.isa();
    details.isaSupported = addon.isaSupported();
    details.isaCap = process.env.BACKPROP_NATIVE_ISA || 'none';
  };
  const backend = {
    name: 'native' as const,
    readsHostArrays: true,
    details,
    addon,
    allocate(length: number): DeviceBuffer {
      const data = allocateHostFloats(length);
      return { length, data, free() {} };
    },
    /** Nothing to reserve: every buffer is its own JavaScript allocation. */
    reserve(length: number): void {
      checkBufferLength(length, MAX_HOST_BUFFER_LENGTH, 'reserve');
    },
    setThreads(threads: number): void {
      addon.setThreads(threads);
      refresh();
    },
    // A model's engine runs the kernel calls of a proven training step as one program: one N-API call.
    [KERNEL_PROGRAMS]: {
      compile(calls: readonly KernelCall[], result: number): KernelProgram {
        const program = addon.compileProgram(calls, result);
        return { run: () => addon.runProgram(program) };
      },
    },
  } as NativeBackend & MaybePrograms;
  // The addon's functions are the kernels: they check their arguments and read the arrays in place.
  for (const name of KERNEL_NAMES) (backend as unknown as Record<string, unknown>)[name] = addon[name];
  return backend;
}

/** A candidate that loads the addon from `root` (the package root unless a test passes another). */
export function createNativeCandidate(root?: () => string): SyncBackendCandidate {
  return {
    name: 'native',
    load(): NativeBackend {
      const dir = root ? root() : addonRoot();
      const { addon, path } = loadAddon(dir);
      return createNativeBackend(addon, path, packageVersion(dir));
    },
  };
}

export const nativeCandidate: SyncBackendCandidate = createNativeCandidate();
