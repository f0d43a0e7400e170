// The public-API fuzzer, run in a child process per backend by fuzz-api.test.ts (or by hand:
// BACKPROP_BACKEND=wasm FUZZ_CASES=50 node --import ./test/reliability/ts-register.mjs test/reliability/fuzz-api.child.ts).
// Environment: FUZZ_SEED, FUZZ_CASES, FUZZ_FIRST (first case index, to replay one case), FUZZ_THREADS
// (native thread count), FUZZ_TRACE=1 (print every call, not only the last one of each case before a crash).
// Prints JSON lines: { t: 'call' } before each call, { t: 'finding' } per finding, { t: 'done' } at the end.
import { getBackend } from '../../src/index.js';
import { dataCase } from './api-data-cases.js';
import { emit } from './child-output.js';
import { kernelCase } from './api-kernel-cases.js';
import { modelCase } from './api-model-cases.js';
import { trainingCase } from './api-training-cases.js';
import { FuzzContext } from './fuzz-context.js';
import { KNOWN_API_BUGS } from './known-bugs.js';
import type { Finding } from './verdict.js';

const seed = Number(process.env.FUZZ_SEED ?? 1);
const cases = Number(process.env.FUZZ_CASES ?? 100);
const first = Number(process.env.FUZZ_FIRST ?? 0);
const threads = process.env.FUZZ_THREADS;
const backend = getBackend();
if (threads !== undefined) {
  if (backend.name !== 'native') throw new Error(`FUZZ_THREADS needs the native backend; got ${backend.name}`);
  (backend as unknown as { setThreads(n: number): void }).setThreads(Number(threads));
}
// Library code that prints (verbose fit, summary without printFn) must not flood the protocol on stdout.
console.log = () => undefined;

const findings: Finding[] = [];
let calls = 0;
let current = -1;
process.on('uncaughtException', (error) => {
  emit({ t: 'finding', caseIndex: current, call: 'uncaught exception', problem: String(error?.stack ?? error) });
  process.exit(3);
});
process.on('unhandledRejection', (error) => {
  emit({
    t: 'finding',
    caseIndex: current,
    call: 'unhandled rejection',
    problem: String((error as Error)?.stack ?? error),
  });
  process.exit(3);
});

const started = Date.now();
for (let i = first; i < first + cases; i++) {
  current = i;
  const ctx = new FuzzContext(seed, i, findings, KNOWN_API_BUGS, (c) => {
    calls++;
    emit({ t: 'call', i, c });
  });
  const kind = ctx.rng.next();
  const reported = findings.length;
  if (kind < 0.5) await modelCase(ctx);
  else if (kind < 0.68) await kernelCase(ctx, backend);
  else if (kind < 0.88) await dataCase(ctx);
  else await trainingCase(ctx);
  for (const f of findings.slice(reported)) emit({ t: 'finding', ...f, calls: ctx.calls });
}
emit({
  t: 'done',
  backend: backend.name,
  threads: threads ?? null,
  cases,
  calls,
  ms: Date.now() - started,
  rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
});
