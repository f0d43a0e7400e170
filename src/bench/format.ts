/**
 * The text tables of `backprop bench`: the gemm and kernels suites with one column per backend (its figure
 * and its ratio to js); the train, cnn, step and inference suites with one row per contender, its median over
 * the rounds beside each round's figure and the load average after each round.
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

/** Who ran: the backend, and a peer's variant. */
const contender = (r: Row): string => `${String(r.backend)}${r.variant !== undefined ? ` ${String(r.variant)}` : ''}`;

/** Each round's figure, and the 1-minute load average after each round's run. */
const roundFigures = (r: Row): string => ((r.roundValues as number[] | undefined) ?? []).map(formatNumber).join(' ');
const loads = (r: Row): string => ((r.load as number[] | undefined) ?? []).map((l) => l.toFixed(1)).join(' ');

/** An absent contender's row: its backend and threads, and why, in the figure's column. */
const absentRow = (r: Row, width: number): string[] => [
  contender(r),
  String(r.threads ?? ''),
  `absent: ${String(r.absent).slice(0, 100)}`,
  ...Array<string>(width - 3).fill(''),
];

/** A training suite: one table per batch size, one row per run (medians over the rounds), under title(batch size). */
function trainingTable(rows: readonly Row[], title: (batchSize: number) => string): string {
  const header = ['backend', 'threads', 'samples/s', 'rounds', 'vs js', 'peak MB', 'last loss', 'load'];
  const sizes = [...new Set(rows.map((r) => r.batchSize as number))].sort((a, b) => a - b);
  return sizes
    .map((batchSize) => {
      const atSize = rows.filter((r) => r.batchSize === batchSize);
      const js = atSize.find((r) => r.backend === 'js' && typeof r.samplesPerSec === 'number')?.samplesPerSec as
        number | undefined;
      const body = atSize.map((r) =>
        r.absent !== undefined
          ? absentRow(r, header.length)
          : [
              contender(r),
              String(r.threads),
              formatNumber(r.samplesPerSec as number),
              roundFigures(r),
              js ? `${((r.samplesPerSec as number) / js).toFixed(2)}x` : '-',
              String(r.peakRssMb),
              String(r.finalLoss ?? ''),
              loads(r),
            ],
      );
      return `${title(batchSize)}\n${table(header, body)}`;
    })
    .join('\n');
}

const trainTable = (rows: readonly Row[]): string =>
  trainingTable(rows, (b) => `train: Fashion-MNIST MLP 784-256-128-10, Adam 1e-3, batch ${b} (median of the rounds)`);

const cnnTable = (rows: readonly Row[]): string =>
  trainingTable(
    rows,
    (b) =>
      `cnn: Fashion-MNIST CNN conv 32 3x3, pool 2, conv 64 3x3, pool 2, dense 128, dense 10, Adam 1e-3, batch ${b}` +
      ' (median of the rounds)',
  );

/** The step suite: one row per run, microseconds per trainOnBatch of one row. */
function stepTable(rows: readonly Row[]): string {
  const header = ['backend', 'threads', 'us/step', 'rounds', 'fastest window', 'load'];
  const fastest = (r: Row): string => (typeof r.fastUsPerStep === 'number' ? formatNumber(r.fastUsPerStep) : '-');
  const body = rows.map((r) =>
    r.absent !== undefined
      ? absentRow(r, header.length)
      : [contender(r), String(r.threads), formatNumber(r.usPerStep as number), roundFigures(r), fastest(r), loads(r)],
  );
  return (
    'step: iris 4-30-16-3, Adam 1e-3, batch size 1 (us/step: median of the rounds, each the median of its ' +
    'windows; fastest window: the lowest of any round, the fast level when the speed switches between two)\n' +
    table(header, body)
  );
}

/** The inference suite: one row per run, its throughput at 1,000 rows beside its one-row latency. */
function inferenceTable(rows: readonly Row[]): string {
  const header = ['backend', 'threads', '1000 rows: samples/s', 'rounds', '1 row: us', 'rounds', 'load'];
  const runs = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${contender(r)} ${String(r.threads)}`;
    runs.set(key, [...(runs.get(key) ?? []), r]);
  }
  const body = [...runs.values()].map((run) => {
    if (run[0].absent !== undefined) return absentRow(run[0], header.length);
    const many = run.find((r) => typeof r.samplesPerSec === 'number');
    const one = run.find((r) => typeof r.latencyUs === 'number');
    return [
      contender(run[0]),
      String(run[0].threads),
      many ? formatNumber(many.samplesPerSec as number) : '-',
      many ? roundFigures(many) : '',
      one ? formatNumber(one.latencyUs as number) : '-',
      one ? roundFigures(one) : '',
      loads(run[0]),
    ];
  });
  return `inference: predict, MLP 784-256-128-10 (median of the rounds)\n${table(header, body)}`;
}

const ROUND_TABLES = { train: trainTable, cnn: cnnTable, step: stepTable, inference: inferenceTable };

/** Text tables: kernels and gemm with one column per backend (value and ratio to js), the others one row per run. */
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
  for (const suite of ['train', 'cnn', 'step', 'inference'] as const) {
    for (const r of results.filter((x) => x.suite === suite && x.error !== undefined))
      parts.push(`${suite}: FAILED: ${r.error}\n`);
    const rows = results.filter((r) => r.suite === suite && r.error === undefined);
    if (rows.length > 0) parts.push(ROUND_TABLES[suite](rows));
  }
  return parts.join('\n');
}
