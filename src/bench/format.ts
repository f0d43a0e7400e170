/**
 * The text tables of `backprop bench`: the gemm and kernels suites with one column per backend (its figure
 * and its ratio to js), the train suite with one row per run.
 */

type Row = Record<string, unknown>;

/** A measurement in few characters: 1.23G, 4.56M, 12.3k or four significant digits. */
export function formatNumber(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}G`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return String(Number(value.toPrecision(4)));
}

/** A text table: the first column left-aligned, the others right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** Text tables: kernels and gemm with one column per backend (value and ratio to js), train one row per run. */
export function formatTables(results: readonly Row[]): string {
  const parts: string[] = [];
  for (const suite of ['gemm', 'kernels']) {
    const rows = results.filter((r) => r.suite === suite && r.absent === undefined && r.error === undefined);
    for (const r of results.filter((x) => x.suite === suite && x.absent !== undefined))
      parts.push(`${suite}: absent: ${r.absent}\n`);
    for (const r of results.filter((x) => x.suite === suite && x.error !== undefined))
      parts.push(`${suite}: FAILED: ${r.error}\n`);
    if (rows.length === 0) continue;
    const metric = Object.keys(rows[0]).find((k) => /gflops|PerSec/i.test(k) && typeof rows[0][k] === 'number');
    if (!metric) continue;
    // A column per backend and thread count; isa describes the backend, not the case.
    const idKeys = Object.keys(rows[0]).filter(
      (k) => !['suite', 'backend', 'threads', 'isa', metric].includes(k) && !/ms|PerSec|gflops/i.test(k),
    );
    const column = (r: Row): string =>
      typeof r.threads === 'number' && r.threads > 1 ? `${r.backend} x${r.threads}` : String(r.backend);
    const backends = [...new Set(rows.map(column))];
    const groups = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const id = idKeys.map((k) => String(r[k])).join(' ');
      if (!groups.has(id)) groups.set(id, new Map());
      groups.get(id)!.set(column(r), r[metric] as number);
    }
    const body = [...groups].map(([id, byBackend]) => [
      id,
      ...backends.map((b) => {
        const v = byBackend.get(b);
        const js = byBackend.get('js');
        if (v === undefined) return '-';
        return b !== 'js' && js ? `${formatNumber(v)} (${(v / js).toFixed(1)}x)` : formatNumber(v);
      }),
    ]);
    parts.push(`${suite} (${metric}; ratio to js)\n${table([idKeys.join(' '), ...backends], body)}`);
  }
  for (const r of results.filter((x) => x.suite === 'train' && x.error !== undefined))
    parts.push(`train: FAILED: ${r.error}\n`);
  const train = results.filter((r) => r.suite === 'train' && r.error === undefined);
  if (train.length > 0) {
    const js = train.find((r) => r.backend === 'js' && typeof r.samplesPerSec === 'number')?.samplesPerSec as
      number | undefined;
    const body = train.map((r) =>
      r.absent !== undefined
        ? [String(r.backend), String(r.threads ?? ''), 'absent', '', '', String(r.absent).slice(0, 80)]
        : [
            String(r.backend),
            String(r.threads),
            formatNumber(r.samplesPerSec as number),
            js ? `${((r.samplesPerSec as number) / js).toFixed(2)}x` : '-',
            String(r.peakRssMb),
            String(r.finalLoss ?? ''),
          ],
    );
    const header = ['backend', 'threads', 'samples/s', 'vs js', 'peak MB', 'last loss'];
    parts.push(`train: Fashion-MNIST MLP 784-256-128-10, Adam 1e-3, batch 128\n${table(header, body)}`);
  }
  return parts.join('\n');
}
