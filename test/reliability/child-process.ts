// Runs a reliability fuzzer in a child `node` process (TypeScript through ts-register.mjs) and collects
// the JSON lines it prints. A crash or a hang then shows up as a signal or a timeout in the result,
// together with the last call the child started, instead of taking the test runner down.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./ts-register.mjs', import.meta.url));

export interface ChildEvent {
  readonly t: string;
  readonly [key: string]: unknown;
}

export interface ChildResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly events: ChildEvent[];
  /** The last { t: 'call' } event: what the child was doing when it stopped. */
  readonly lastCall: ChildEvent | undefined;
  readonly stderr: string;
  readonly ms: number;
}

export function runChild(
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
  nodeArgs: string[] = [],
): ChildResult {
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [...nodeArgs, '--enable-source-maps', '--import', REGISTER, fileURLToPath(new URL(script, import.meta.url))],
    {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const events: ChildEvent[] = [];
  for (const line of (run.stdout ?? '').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line) as ChildEvent);
    } catch {
      // A line cut short by a crash.
    }
  }
  const timedOut = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return {
    status: run.status,
    signal: run.signal,
    timedOut,
    events,
    lastCall: [...events].reverse().find((e) => e.t === 'call'),
    stderr: run.stderr ?? '',
    ms: Date.now() - started,
  };
}

/** One line saying how a child that did not finish cleanly ended, for an assertion message. */
export function describeExit(r: ChildResult): string {
  const how = r.timedOut
    ? `hung (killed after ${r.ms} ms)`
    : r.signal
      ? `crashed with ${r.signal}`
      : `exited with status ${r.status}`;
  const last = r.lastCall ? ` during case ${String(r.lastCall.i)}: ${String(r.lastCall.c)}` : '';
  const uncaught = r.events
    .filter((e) => e.t === 'finding' && /^(uncaught|unhandled)/.test(String(e.call)))
    .map((e) => `${String(e.call)}: ${String(e.problem)}`);
  return `${how}${last}\n${[...uncaught, r.stderr.slice(-4000)].join('\n')}`;
}

/** How many findings of each known bug (known-bugs.ts) a run had, for the test log. */
export function knownSummary(events: readonly ChildEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events)
    if (e.t === 'finding' && typeof e.known === 'string') counts.set(e.known, (counts.get(e.known) ?? 0) + 1);
  if (counts.size === 0) return 'no findings of known bugs';
  return `findings of known bugs (test/reliability/known-bugs.ts): ${[...counts].map(([id, n]) => `${id} ${n}`).join(', ')}`;
}
