/**
 * `npm run bench -- [options]`: `backprop bench` with the train suite's peers (TensorFlow.js, PyTorch:
 * development dependencies a user of the package does not have) and the targets measured against them.
 * The options are those of `backprop bench`, plus the peers' names for --backend.
 */
import { benchHelp, parseBenchArgs, UsageError } from '../src/cli/args.js';
import { runBench } from '../src/bench/run.js';
import { trainPeerRows, TRAIN_PEERS } from './train/peers.js';
import { trainTargets } from './train/targets.js';

const COMMAND = 'npm run bench --';

try {
  const args = parseBenchArgs(process.argv.slice(2), TRAIN_PEERS);
  if (args === 'help') {
    process.stdout.write(benchHelp(COMMAND, TRAIN_PEERS));
  } else {
    const rows = await runBench({ ...args, out: process.stdout, log: process.stderr, trainPeers: trainPeerRows });
    const train = rows.filter((row) => row.suite === 'train' && row.error === undefined);
    if (!args.json && train.length > 0) process.stdout.write(`\n${trainTargets(train)}`);
    const failed = rows.filter((row) => row.error !== undefined);
    for (const row of failed) process.stderr.write(`bench: the ${row.suite} suite failed: ${String(row.error)}\n`);
    process.exitCode = failed.length > 0 ? 1 : 0;
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\nRun \`${COMMAND} --help\` for the options.\n`);
  process.exitCode = 2;
}
