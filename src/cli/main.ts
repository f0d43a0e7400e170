/**
 * The `backprop` command: `train`, `bench`, `info`. Usage errors print the message and a hint and exit
 * with 2; failures (missing data set, backend that cannot load, bad file, output path that cannot be
 * written) print one line and exit with 1; training stopped by Ctrl-C exits with 130.
 * BACKPROP_DEBUG=1 prints the stack as well.
 */
import { BENCH_HELP, HELP, TRAIN_HELP, UsageError, parseBenchArgs, parseTrainArgs } from './args.js';

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v': {
      const { packageVersion } = await import('../package-root.js');
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    case 'info': {
      if (rest.length > 0) throw new UsageError(`info takes no options; got ${rest.join(' ')}`);
      const { runInfo } = await import('./info.js');
      await runInfo(process.stdout);
      return 0;
    }
    case 'train': {
      const args = parseTrainArgs(rest);
      if (args === 'help') {
        process.stdout.write(TRAIN_HELP);
        return 0;
      }
      const { runTrain } = await import('./train.js');
      const { INTERRUPTED_EXIT_CODE } = await import('./interrupt.js');
      const summary = await runTrain(args, process.stdout);
      return summary.interrupted ? INTERRUPTED_EXIT_CODE : 0;
    }
    case 'bench': {
      const args = parseBenchArgs(rest);
      if (args === 'help') {
        process.stdout.write(BENCH_HELP);
        return 0;
      }
      const { runBench } = await import('../bench/run.js');
      const rows = await runBench({ ...args, out: process.stdout, log: process.stderr });
      const failed = rows.filter((row) => row.error !== undefined);
      for (const row of failed)
        process.stderr.write(
          `backprop: the ${row.suite} suite failed: ${String(row.error).replace(/^backprop: /, '')}\n`,
        );
      return failed.length > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}; expected train, bench or info`);
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    const command = ['train', 'bench'].includes(process.argv[2]) ? ` ${process.argv[2]}` : '';
    process.stderr.write(`backprop: ${error.message}\nRun \`backprop${command} --help\` for the options.\n`);
    process.exitCode = 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message.startsWith('backprop:') ? '' : 'backprop: '}${message}\n`);
    if (process.env.BACKPROP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
