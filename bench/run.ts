/**
 * The engine of `backprop bench`: runs the gemm, kernels and train suites and prints each result as one
 * JSON object per line (--json), or as tables with every backend's ratio against js.
 * bench/gemm.ts (the GEMM suite) is loaded with a guarded dynamic import: until it exists the suite
 * reports itself as absent instead of failing the build.
 */
import type { Backend } from '../src/backends/contract.js';
import { loadAvailableBackends } from '../src/index.js';
import { kernelsSuite } from './kernels.js';
import { trainSuite } from './train.js';

export interface BenchRunOptions {
  json: boolean;
  suites: readonly ('gemm' | 'kernels' | 'train')[];
  /** Our backends and peers to include (default: all that are available). */
  backends?: readonly string[];
  quick?: boolean;
  batches?: number;
  out: { write(text: string): unknown };
  /** Progress notes (stderr), so stdout stays machine-readable. */
  log?: { write(text: string): unknown };
}

type Row = Record<string, unknown>;

type GemmSuite = (options: { backends?: string[]; quick?: boolean }) => AsyncGenerator<Row>;

async function loadGemmSuite(): Promise<GemmSuite | string> {
  const specifier = './gemm.js';
  try {
    const module = (await import(specifier)) as { gemmSuite?: GemmSuite };
    return typeof module.gemmSuite === 'function' ? module.gemmSuite : 'bench/gemm.ts does not export gemmSuite';
  } catch (error) {
    return `bench/gemm.ts is not available: ${(error as Error).message.split('\n')[0]}`;
  }
}

export async function runBench(options: BenchRunOptions): Promise<Row[]> {
  const results: Row[] = [];
  const emit = (row: Row): void => {
    results.push(row);
    if (options.json) options.out.write(`${JSON.stringify(row)}\n`);
  };
  const ours = (await loadAvailableBackends()).filter((b) => !options.backends || options.backends.includes(b.name));
  for (const suite of options.suites) {
    options.log?.write(`bench: ${suite} suite\n`);
    if (suite === 'gemm') {
      const gemm = await loadGemmSuite();
      if (typeof gemm === 'string') emit({ suite: 'gemm', absent: gemm });
      else for await (const row of gemm({ backends: ours.map((b) => b.name), quick: options.quick })) emit(row);
    } else if (suite === 'kernels') {
      for await (const row of kernelsSuite(ours, { quick: options.quick })) emit(row);
    } else {
      const native = ours.find((b: Backend) => b.name === 'native');
      const nativeThreads = typeof native?.details.threads === 'number' ? native.details.threads : undefined;
      for await (const row of trainSuite({ backends: options.backends, batches: options.batches ?? (options.quick ? 20 : undefined),
        nativeThreads, log: options.log })) emit(row);
    }
  }
  if (!options.json) options.out.write(formatTables(results));
  return results;
}

function formatNumber(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}G`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return String(Number(value.toPrecision(4)));
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** Text tables: kernels and gemm with one column per backend (value and ratio to js), train one row per run. */
export function formatTables(results: readonly Row[]): string {
  const parts: string[] = [];
  for (const suite of ['gemm', 'kernels']) {
    const rows = results.filter((r) => r.suite === suite && r.absent === undefined);
    for (const r of results.filter((x) => x.suite === suite && x.absent !== undefined)) parts.push(`${suite}: absent: ${r.absent}\n`);
    if (rows.length === 0) continue;
    const metric = Object.keys(rows[0]).find((k) => /gflops|PerSec/i.test(k) && typeof rows[0][k] === 'number');
    if (!metric) continue;
    const idKeys = Object.keys(rows[0]).filter((k) => !['suite', 'backend', 'threads', metric].includes(k) && !/ms|PerSec|gflops/i.test(k));
    const backends = [...new Set(rows.map((r) => String(r.backend)))];
    const groups = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const id = idKeys.map((k) => String(r[k])).join(' ');
      if (!groups.has(id)) groups.set(id, new Map());
      groups.get(id)!.set(String(r.backend), r[metric] as number);
    }
    const body = [...groups].map(([id, byBackend]) => [id, ...backends.map((b) => {
      const v = byBackend.get(b);
      const js = byBackend.get('js');
      if (v === undefined) return '-';
      return b !== 'js' && js ? `${formatNumber(v)} (${(v / js).toFixed(1)}x)` : formatNumber(v);
    })]);
    parts.push(`${suite} (${metric}; ratio to js)\n${table([idKeys.join(' '), ...backends], body)}`);
  }
  const train = results.filter((r) => r.suite === 'train');
  if (train.length > 0) {
    const js = train.find((r) => r.backend === 'js' && typeof r.samplesPerSec === 'number')?.samplesPerSec as number | undefined;
    const body = train.map((r) => r.absent !== undefined
      ? [String(r.backend), String(r.threads ?? ''), 'absent', '', '', String(r.absent).slice(0, 80)]
      : [String(r.backend), String(r.threads), formatNumber(r.samplesPerSec as number), js ? `${((r.samplesPerSec as number) / js).toFixed(2)}x` : '-',
        String(r.peakRssMb), String(r.finalLoss ?? '')]);
    parts.push(`train: Fashion-MNIST MLP 784-256-128-10, Adam 1e-3, batch 128\n${table(['backend', 'threads', 'samples/s', 'vs js', 'peak MB', 'last loss'], body)}`);
    parts.push(trainTargets(train));
  }
  return parts.join('\n');
}

/** The targets, as ratios measured in this run (reported, never asserted). */
export function trainTargets(train: readonly Row[]): string {
  const speed = (backend: string, threads?: number): number | undefined => train.find((r) => r.backend === backend &&
    typeof r.samplesPerSec === 'number' && (threads === undefined || r.threads === threads))?.samplesPerSec as number | undefined;
  const native = train.find((r) => r.backend === 'native' && typeof r.samplesPerSec === 'number');
  const lines: string[] = [];
  const ratio = (label: string, ours: number | undefined, peer: number | undefined, target: number): void => {
    lines.push(ours !== undefined && peer !== undefined
      ? `  ${label}: ${(ours / peer).toFixed(2)}x (target >= ${target}x: ${ours / peer >= target ? 'met' : 'not met'})`
      : `  ${label}: not measured (${ours === undefined ? 'ours' : 'peer'} absent)`);
  };
  ratio('wasm / tfjs-wasm', speed('wasm'), speed('tfjs-wasm'), 5);
  ratio('js / tfjs-cpu', speed('js'), speed('tfjs-cpu'), 5);
  ratio(`native / pytorch at ${native?.threads ?? '?'} thread(s)`, native?.samplesPerSec as number | undefined,
    native ? speed('pytorch', native.threads as number) : undefined, 1.5);
  const peaks = train.filter((r) => ['native', 'wasm', 'js'].includes(String(r.backend)) && typeof r.peakRssMb === 'number');
  for (const r of peaks) lines.push(`  peak memory on ${r.backend}: ${r.peakRssMb} MB (target <= 150 MB: ${(r.peakRssMb as number) <= 150 ? 'met' : 'not met'})`);
  return `targets:\n${lines.join('\n')}\n`;
}
