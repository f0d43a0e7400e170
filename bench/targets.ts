/**
 * The project's speed targets against its peers, as ratios measured in one run of the bench (reported,
 * never asserted). Train (Fashion-MNIST MLP, Adam): at batch 128, native at 1 thread >= 2x PyTorch at 1
 * thread, native at 2 threads >= 1.7x native at 1 thread and >= 2x PyTorch at its best thread count; at batch
 * 32 and 512 the same two PyTorch ratios >= 1.5x; PyTorch is judged by the faster of its two variants.
 * wasm >= 0.4x native at 1 thread, wasm >= 5x tfjs-wasm, js >= 5x tfjs-cpu, peak RSS <= 150 MB. Cnn (the
 * Fashion-MNIST CNN at batch 128, Adam): native >= 1x PyTorch at 1 thread and at its best thread count (the
 * faster variant), wasm >= 5x tfjs-wasm, js >= 5x tfjs-cpu. Step (iris
 * 4-30-16-3, batch 1): native <= 10 us, wasm and js <= 15 us. Inference (1 thread): at 1,000 rows native >= 2x
 * PyTorch and wasm >= 1x; one-row latency native <= 1/5 of PyTorch's, wasm <= 1/2.
 */
import type { BenchRow } from '../src/bench/run.js';

/** One target: a ratio (ours over the other, higher is better) or a bound on a value, met or not. */
export interface TargetResult {
  suite: 'target';
  target: string;
  /** The measured ratio or value; undefined when a side was not measured. */
  measured?: number;
  /** `>= bound` for ratios and speeds, `<= bound` for times and memory. */
  bound: string;
  met?: boolean;
  /** Which side was not measured, or which PyTorch run the ratio is against. */
  note?: string;
}

type Select = (r: BenchRow) => boolean;

const where =
  (fields: BenchRow): Select =>
  (r) =>
    Object.entries(fields).every(([k, v]) => r[k] === v);

function figure(rows: readonly BenchRow[], select: Select, metric: string): number | undefined {
  const row = rows.find((r) => select(r) && typeof r[metric] === 'number');
  return row?.[metric] as number | undefined;
}

/** The fastest PyTorch row of a selection (its variant and thread count say which), if any. */
function fastest(rows: readonly BenchRow[], select: Select, metric: string): BenchRow | undefined {
  const measured = rows.filter((r) => r.backend === 'pytorch' && select(r) && typeof r[metric] === 'number');
  return measured.sort((a, b) => (b[metric] as number) - (a[metric] as number))[0];
}

const describeTorch = (r: BenchRow): string =>
  `pytorch ${r.threads} thread(s)${r.variant !== undefined ? `, ${String(r.variant)}` : ''}`;

/** Every target with its measured ratio or value and whether it is met. */
export function targetResults(rows: readonly BenchRow[]): TargetResult[] {
  const out: TargetResult[] = [];
  const ratio = (target: string, ours: number | undefined, other: number | undefined, min: number, note = ''): void => {
    // A figure of 0 (nothing finished in the timed window) is no measurement: a ratio over it would read as met.
    const missing =
      ours === undefined
        ? 'ours absent'
        : other === undefined
          ? 'peer absent'
          : !(other > 0)
            ? 'peer measured 0'
            : undefined;
    if (missing !== undefined) out.push({ suite: 'target', target, bound: `>= ${min}x`, note: missing });
    else {
      const measured = Math.round((ours! / other!) * 100) / 100;
      out.push({
        suite: 'target',
        target,
        measured,
        bound: `>= ${min}x`,
        met: measured >= min,
        ...(note ? { note } : {}),
      });
    }
  };
  const bound = (target: string, value: number | undefined, max: number, unit: string): void => {
    if (value === undefined) out.push({ suite: 'target', target, bound: `<= ${max} ${unit}`, note: 'ours absent' });
    else out.push({ suite: 'target', target, measured: value, bound: `<= ${max} ${unit}`, met: value <= max });
  };

  const train = rows.filter((r) => r.suite === 'train');
  const nativeThreads = [...new Set(rows.filter((r) => r.backend === 'native').map((r) => r.threads as number))];
  const most = Math.max(1, ...nativeThreads);
  for (const batchSize of [...new Set(train.map((r) => r.batchSize as number))].sort((a, b) => a - b)) {
    const at = (fields: BenchRow): Select => where({ batchSize, ...fields });
    const speed = (fields: BenchRow): number | undefined => figure(train, at(fields), 'samplesPerSec');
    const min = batchSize === 128 ? 2 : 1.5;
    const torch1 = fastest(train, at({ threads: 1 }), 'samplesPerSec');
    const torchBest = fastest(train, at({}), 'samplesPerSec');
    const native1 = speed({ backend: 'native', threads: 1 });
    const nativeN = speed({ backend: 'native', threads: most });
    const torchSpeed = (r: BenchRow | undefined): number | undefined => r?.samplesPerSec as number | undefined;
    const against = (r: BenchRow | undefined): string => (r ? `against ${describeTorch(r)}, the faster` : '');
    ratio(`train b${batchSize}: native 1 thread / pytorch 1 thread`, native1, torchSpeed(torch1), min, against(torch1));
    if (most > 1) {
      ratio(
        `train b${batchSize}: native ${most} threads / pytorch best`,
        nativeN,
        torchSpeed(torchBest),
        min,
        against(torchBest),
      );
      if (batchSize === 128) ratio(`train b128: native ${most} threads / native 1 thread`, nativeN, native1, 1.7);
    }
    if (batchSize !== 128) continue;
    ratio('train b128: wasm / native 1 thread', speed({ backend: 'wasm' }), native1, 0.4);
    ratio('train b128: wasm / tfjs-wasm', speed({ backend: 'wasm' }), speed({ backend: 'tfjs-wasm' }), 5);
    ratio('train b128: js / tfjs-cpu', speed({ backend: 'js' }), speed({ backend: 'tfjs-cpu' }), 5);
    for (const r of train.filter((x) => at({})(x) && ['native', 'wasm', 'js'].includes(String(x.backend)))) {
      if (typeof r.peakRssMb !== 'number') continue;
      const who = `${String(r.backend)}${r.backend === 'native' ? ` ${r.threads} thread(s)` : ''}`;
      bound(`train b128: peak memory of ${who}`, r.peakRssMb, 150, 'MB');
    }
  }

  const cnn = rows.filter((r) => r.suite === 'cnn');
  if (cnn.length > 0) {
    const speed = (fields: BenchRow): number | undefined => figure(cnn, where(fields), 'samplesPerSec');
    const torch1 = fastest(cnn, where({ threads: 1 }), 'samplesPerSec');
    const torchBest = fastest(cnn, () => true, 'samplesPerSec');
    const torchSpeed = (r: BenchRow | undefined): number | undefined => r?.samplesPerSec as number | undefined;
    const against = (r: BenchRow | undefined): string => (r ? `against ${describeTorch(r)}, the faster` : '');
    const native1 = speed({ backend: 'native', threads: 1 });
    ratio('cnn b128: native 1 thread / pytorch 1 thread', native1, torchSpeed(torch1), 1, against(torch1));
    if (most > 1) {
      const nativeN = speed({ backend: 'native', threads: most });
      ratio(`cnn b128: native ${most} threads / pytorch best`, nativeN, torchSpeed(torchBest), 1, against(torchBest));
    }
    ratio('cnn b128: wasm / tfjs-wasm', speed({ backend: 'wasm' }), speed({ backend: 'tfjs-wasm' }), 5);
    ratio('cnn b128: js / tfjs-cpu', speed({ backend: 'js' }), speed({ backend: 'tfjs-cpu' }), 5);
  }

  const step = rows.filter((r) => r.suite === 'step');
  if (step.length > 0) {
    for (const threads of nativeThreads.length > 0 ? nativeThreads : [1])
      bound(
        `step: native ${threads} thread(s)`,
        figure(step, where({ backend: 'native', threads }), 'usPerStep'),
        10,
        'us',
      );
    bound('step: wasm', figure(step, where({ backend: 'wasm' }), 'usPerStep'), 15, 'us');
    bound('step: js', figure(step, where({ backend: 'js' }), 'usPerStep'), 15, 'us');
  }

  const inference = rows.filter((r) => r.suite === 'inference');
  if (inference.length > 0) {
    const speed = (backend: string, fields: BenchRow = {}): number | undefined =>
      figure(inference, where({ backend, rows: 1000, ...fields }), 'samplesPerSec');
    // Latency as a speed (1 / us), so that every ratio reads "ours over PyTorch, higher is better".
    const rate = (backend: string, fields: BenchRow = {}): number | undefined => {
      const us = figure(inference, where({ backend, rows: 1, ...fields }), 'latencyUs');
      return us === undefined ? undefined : 1 / us;
    };
    const torch = { threads: 1 };
    ratio(
      'inference 1000 rows: native 1 thread / pytorch 1 thread',
      speed('native', torch),
      speed('pytorch', torch),
      2,
    );
    ratio('inference 1000 rows: wasm / pytorch 1 thread', speed('wasm'), speed('pytorch', torch), 1);
    ratio('inference 1 row, latency: pytorch / native 1 thread', rate('native', torch), rate('pytorch', torch), 5);
    ratio('inference 1 row, latency: pytorch / wasm', rate('wasm'), rate('pytorch', torch), 2);
  }
  return out;
}

/**
 * The targets as text lines, each with its figure and met / not met, or which side was not measured; headed
 * by the range of the load average over the runs of `rows` when they carry it.
 */
export function formatTargets(results: readonly TargetResult[], rows: readonly BenchRow[] = []): string {
  const loads = rows.flatMap((r) => (Array.isArray(r.load) ? (r.load as number[]) : []));
  const load = loads.length > 0 ? ` (1-minute load ${Math.min(...loads)}-${Math.max(...loads)} during the runs)` : '';
  const lines = results.map((t) => {
    if (t.measured === undefined) return `  ${t.target}: not measured (${t.note}; target ${t.bound})`;
    const unit = t.bound.endsWith('x') ? 'x' : ` ${t.bound.split(' ').pop()}`;
    const note = t.note ? ` ${t.note}` : '';
    return `  ${t.target}: ${t.measured}${unit}${note} (target ${t.bound}: ${t.met ? 'met' : 'NOT met'})`;
  });
  return `targets${load}:\n${lines.join('\n')}\n`;
}
