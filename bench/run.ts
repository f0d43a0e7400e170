/**
 * `npm run bench -- [options]`: `backprop bench` with the peers of the train, step and inference suites
 * (TensorFlow.js, PyTorch: development dependencies a user of the package does not have), interleaved with
 * our backends, and the project's targets measured against them. The options are those of `backprop bench`,
 * plus the peers' names for --backend.
 */
import { benchHelp, parseBenchArgs, UsageError } from '../src/cli/args.js';
import { runBench } from '../src/bench/run.js';
import { peerJobs, PEERS } from './peers.js';
import { formatTargets, targetResults } from './targets.js';

const COMMAND = 'npm run bench --';

try {
  const args = parseBenchArgs(process.argv.slice(2), PEERS);
  if (args === 'help') {
    process.stdout.write(benchHelp(COMMAND, PEERS));
  } else {
    const rows = await runBench({ ...args, out: process.stdout, log: process.stderr, peers: peerJobs });
    const measured = rows.filter((row) => row.error === undefined && row.absent === undefined);
    const results = targetResults(measured);
    if (args.json) for (const result of results) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (results.length > 0) process.stdout.write(`\n${formatTargets(results, measured)}`);
    const failed = rows.filter((row) => row.error !== undefined);
    for (const row of failed) process.stderr.write(`bench: the ${row.suite} suite failed: ${String(row.error)}\n`);
    process.exitCode = failed.length > 0 ? 1 : 0;
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\nRun \`${COMMAND} --help\` for the options.\n`);
  process.exitCode = 2;
}
