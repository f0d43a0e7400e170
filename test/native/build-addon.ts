// Builds test-only variants of the native addon with plain g++ (the emulated AVX-512 addon, the
// ASan/UBSan addon), next to but apart from the shipped build: output in build/test-addons/<name>/.
//
// The sources and per-file flags are read from binding.gyp, so a variant compiles each file as the
// shipped addon does, plus or minus the flags the variant changes. A stamp of every input (sources,
// headers, flags, compiler version) lets a second run with nothing changed reuse the binary.
import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One translation unit of the addon and the C++ flags binding.gyp gives it. */
export interface Unit {
  source: string; // relative to the repository root, e.g. native/isa_avx2.cc
  flags: string[];
}

type Gyp = { [key: string]: unknown };

/**
 * binding.gyp is a Python literal: strip its comments and trailing commas and it is JSON. Every target,
 * wherever a `conditions` block puts it, contributes its sources with target_defaults' cflags_cc and its
 * own. Conditions are not evaluated: the x86-64 and arm64 targets are all returned (callers pick).
 */
export function unitsFromBindingGyp(text: string): Unit[] {
  const json = text
    .split('\n')
    .map((line) => line.replace(/^\s*#.*$/, ''))
    .join('\n')
    .replace(/,(\s*[}\]])/g, '$1');
  let gyp: Gyp;
  try {
    gyp = JSON.parse(json) as Gyp;
  } catch (error) {
    throw new Error(
      `binding.gyp: cannot read it as JSON after removing comments and trailing commas: ${String(error)}`,
    );
  }
  const defaults = ((gyp.target_defaults as Gyp | undefined)?.cflags_cc as string[] | undefined) ?? [];
  const units: Unit[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const object = node as Gyp;
    if (typeof object.target_name === 'string' && Array.isArray(object.sources)) {
      const own = (object.cflags_cc as string[] | undefined) ?? [];
      for (const source of object.sources as string[]) units.push({ source, flags: [...defaults, ...own] });
    }
    for (const value of Object.values(object)) visit(value);
  };
  visit(gyp.targets);
  visit(gyp.conditions);
  if (units.length === 0) throw new Error('binding.gyp: found no target with sources');
  return units;
}

/** The folder holding node_api.h for this Node (the install's include/node, as node-gyp uses). */
export function nodeHeaders(): string {
  const candidates = [
    resolve(dirname(process.execPath), '../include/node'),
    join(process.env.HOME ?? '', '.cache/node-gyp', process.versions.node, 'include/node'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'node_api.h')));
  if (!found)
    throw new Error(
      `cannot find node_api.h for Node ${process.versions.node} (looked in ${candidates.join(', ')}); run \`npx node-gyp install\``,
    );
  return found;
}

export interface Variant {
  /** Folder name under build/test-addons/ and the name in messages. */
  name: string;
  /** Adjusts one unit's flags (add, remove or replace); called for every source of the addon. */
  flags(unit: Unit): string[];
  /** Extra flags for the link. */
  linkFlags: string[];
}

/** The sources of this architecture's addon (isa_<level>.cc of other architectures left out). */
function unitsForThisArch(): Unit[] {
  const all = unitsFromBindingGyp(readFileSync(join(repoRoot, 'binding.gyp'), 'utf8'));
  const otherArch = process.arch === 'x64' ? /isa_neon\.cc$/ : /isa_(sse2|avx2|avx512)\.cc$/;
  return all.filter((u) => !otherArch.test(u.source));
}

function stampOf(units: { source: string; flags: string[] }[], linkFlags: string[], compiler: string): string {
  const hash = createHash('sha256');
  hash.update(compiler);
  hash.update(JSON.stringify({ units, linkFlags }));
  const headers = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? headers(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of headers(join(repoRoot, 'native')).sort()) hash.update(file).update(readFileSync(file));
  for (const unit of units) hash.update(readFileSync(join(repoRoot, unit.source)));
  return hash.digest('hex');
}

/** Runs `jobs` at most `width` at a time; rejects with the first failure. */
async function inParallel<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

/**
 * Compiles and links one variant into build/test-addons/<name>/backprop.node; returns its path and
 * whether it was rebuilt. Throws with the compiler's output when a step fails.
 */
export async function buildAddon(variant: Variant): Promise<{ path: string; rebuilt: boolean; seconds: number }> {
  const started = Date.now();
  const out = join(repoRoot, 'build/test-addons', variant.name);
  const path = join(out, 'backprop.node');
  const compiler = process.env.CXX ?? 'g++';
  const version = execFileSync(compiler, ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const addonApi = dirname(createRequire(import.meta.url).resolve('node-addon-api/package.json'));
  const includes = [`-I${nodeHeaders()}`, `-I${addonApi}`];
  // The defines node-gyp passes for this addon (node-addon-api with C++ exceptions).
  const defines = ['-DNAPI_CPP_EXCEPTIONS', '-DBUILDING_NODE_EXTENSION', '-DNODE_GYP_MODULE_NAME=backprop'];
  const units = unitsForThisArch().map((u) => ({
    source: u.source,
    flags: [...variant.flags(u), ...defines, ...includes],
  }));
  const stamp = stampOf(units, variant.linkFlags, version);
  const stampFile = join(out, 'stamp');
  if (existsSync(path) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { path, rebuilt: false, seconds: (Date.now() - started) / 1000 };
  }
  mkdirSync(out, { recursive: true });
  const objects = units.map((u) => join(out, u.source.replace(/[\\/]/g, '_').replace(/\.cc$/, '.o')));
  const step = async (args: string[], what: string): Promise<void> => {
    try {
      await run(compiler, args, { cwd: repoRoot, maxBuffer: 64 << 20 });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`${variant.name}: ${what} failed:\n${compiler} ${args.join(' ')}\n${e.stderr || e.message}`);
    }
  };
  const width = Math.max(1, Math.min(availableParallelism(), 4));
  await inParallel(
    units.map(
      (u, i) => () =>
        step(['-fPIC', '-pthread', ...u.flags, '-c', u.source, '-o', objects[i]], `compiling ${u.source}`),
    ),
    width,
  );
  const temporary = `${path}.tmp`;
  await step(['-shared', '-pthread', ...variant.linkFlags, ...objects, '-o', temporary], 'linking');
  renameSync(temporary, path); // a half-written binary is never left under the final name
  writeFileSync(stampFile, stamp);
  return { path, rebuilt: true, seconds: (Date.now() - started) / 1000 };
}

/** A path relative to the repository root, for messages. */
export const shown = (path: string): string => relative(repoRoot, path);
