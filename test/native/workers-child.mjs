// Worker-thread stress for the native addon, run as its own process by workers.test.ts so that a crash
// (SIGSEGV, SIGABRT) shows as the child's signal instead of killing the test runner.
//
//   node workers-child.mjs <scenario> <rounds>
//
// exit-after-load       each worker imports the package (native backend) and exits normally, while the
//                       main thread never loads the addon: the last environment using it goes away with
//                       the addon's thread pool started.
// terminate-during-load each worker loads the addon over and over (process.dlopen runs its init each
//                       time) and is terminated in the middle of it.
// terminate-during-throw each worker calls an addon function with a bad argument in a loop (every call
//                       throws a TypeError) and is terminated in the middle of it.
// terminate-public-api  the same through the package: getBackend().gemm with a bad argument.
//
// Prints one JSON line: the scenario, the rounds, how each worker ended.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const [scenario, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText);
const packageEntry = new URL('../../dist/src/index.js', import.meta.url).href;
const packageRoot = new URL('../..', import.meta.url).pathname;
const addonPath = createRequire(import.meta.url)('node-gyp-build').resolve(packageRoot);

const sources = {
  'exit-after-load': `import(${JSON.stringify(packageEntry)}).then((m) => {
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage(m.backendInfo().backend);
  })`,
  'terminate-during-load': `
    require('node:worker_threads').parentPort.postMessage('ready');
    for (;;) process.dlopen({ exports: {} }, ${JSON.stringify(addonPath)});`,
  'terminate-during-throw': `
    const addon = require(${JSON.stringify(addonPath)});
    require('node:worker_threads').parentPort.postMessage('ready');
    for (;;) { try { addon.gemm('not a boolean'); } catch {} }`,
  'terminate-public-api': `import(${JSON.stringify(packageEntry)}).then((m) => {
    const backend = m.getBackend();
    require('node:worker_threads').parentPort.postMessage('ready');
    for (;;) { try { backend.gemm(false, false, -1, 1, 1, 1, new Float32Array(1), new Float32Array(1), 0, new Float32Array(1)); } catch {} }
  })`,
};
const source = sources[scenario];
if (!source || !(Number.isInteger(rounds) && rounds > 0)) {
  console.error(`usage: workers-child.mjs <${Object.keys(sources).join('|')}> <rounds>; got ${scenario} ${roundsText}`);
  process.exit(2);
}

const outcomes = {};
const count = (what) => {
  outcomes[what] = (outcomes[what] ?? 0) + 1;
};
for (let i = 0; i < rounds; i++) {
  const worker = new Worker(source, { eval: true });
  const messages = [];
  worker.on('message', (m) => messages.push(m));
  worker.on('error', (e) => count(`error: ${e.message.split('\n')[0]}`));
  const exited = once(worker, 'exit');
  if (scenario === 'exit-after-load') {
    const [code] = await exited;
    count(`exit ${code} after ${messages[0]}`);
    continue;
  }
  await once(worker, 'message');
  await new Promise((resolve) => setTimeout(resolve, i % 4));
  await worker.terminate();
  await exited;
  count('terminated');
}
console.log(JSON.stringify({ scenario, rounds, outcomes }));
