// Instruction counts of the iris 4-30-16-3 step (the network, rows and optimizer of iris-step.mjs) for
// callgrind: `warm` steps run first so that V8 has optimised the step, then `count` more. Run it twice,
// with count N and with count 0, and divide the difference of the totals by N:
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/n.out node --single-threaded \
//     bench/ab/iris-step-count.mjs native /path/to/build 6000 2000        (then 0 in place of 2000)
//   callgrind_annotate /tmp/n.out   (per function; subtract the count-0 run's figures)
// --single-threaded keeps V8's compiler on the main thread, so both runs compile the same code at the same
// step. (a build: a copy of the package root with its dist/, wasm/ and build/, e.g. this checkout after
// npm run build and npm run build:native)
import { irisSteps } from './iris-net.mjs';

const [backendName, root, warmArg = '6000', countArg = '2000'] = process.argv.slice(2);
const m = await import(`${root}/dist/src/index.js`);
const run = irisSteps(m, await m.loadBackend(backendName));
run(Number(warmArg));
const loss = run(Number(countArg));
console.log(`${backendName}: last loss ${loss}`);
