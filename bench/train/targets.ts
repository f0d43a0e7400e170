/**
 * The project's training targets against its peers, as ratios measured in one run of the train suite
 * (reported, never asserted): wasm >= 5x tfjs-wasm, js >= 5x tfjs-cpu, native >= 1.5x PyTorch at the same
 * thread count, and a peak RSS of at most 150 MB on each of our backends.
 */
import type { BenchRow } from '../../src/bench/run.js';

/** The targets' lines, each with its ratio and whether it is met, or which side was not measured. */
export function trainTargets(train: readonly BenchRow[]): string {
  const speed = (backend: string, threads?: number): number | undefined =>
    train.find(
      (r) =>
        r.backend === backend &&
        typeof r.samplesPerSec === 'number' &&
        (threads === undefined || r.threads === threads),
    )?.samplesPerSec as number | undefined;
  const natives = train.filter((r) => r.backend === 'native' && typeof r.samplesPerSec === 'number');
  const lines: string[] = [];
  const ratio = (label: string, ours: number | undefined, peer: number | undefined, target: number): void => {
    if (ours === undefined || peer === undefined) {
      lines.push(`  ${label}: not measured (${ours === undefined ? 'ours' : 'peer'} absent)`);
    } else {
      const met = ours / peer >= target ? 'met' : 'not met';
      lines.push(`  ${label}: ${(ours / peer).toFixed(2)}x (target >= ${target}x: ${met})`);
    }
  };
  ratio('wasm / tfjs-wasm', speed('wasm'), speed('tfjs-wasm'), 5);
  ratio('js / tfjs-cpu', speed('js'), speed('tfjs-cpu'), 5);
  if (natives.length === 0) ratio('native / pytorch', undefined, speed('pytorch'), 1.5);
  for (const native of natives) {
    const label = `native / pytorch at ${native.threads} thread(s)`;
    ratio(label, native.samplesPerSec as number, speed('pytorch', native.threads as number), 1.5);
  }
  const peaks = train.filter(
    (r) => ['native', 'wasm', 'js'].includes(String(r.backend)) && typeof r.peakRssMb === 'number',
  );
  for (const r of peaks) {
    const where = `${r.backend}${r.backend === 'native' ? ` at ${r.threads} thread(s)` : ''}`;
    const met = (r.peakRssMb as number) <= 150 ? 'met' : 'not met';
    lines.push(`  peak memory on ${where}: ${r.peakRssMb} MB (target <= 150 MB: ${met})`);
  }
  return `targets:\n${lines.join('\n')}\n`;
}
