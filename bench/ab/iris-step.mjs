// A/B of trainOnBatch on the iris 4-30-16-3 relu/softmax net, Adam, batch 1: two builds in one process,
// rounds interleaved, per-step CPU microseconds (min and median over rounds; process.cpuUsage, so time the
// process spends descheduled by other load is not counted).
// usage: node bench/ab/iris-step.mjs backend /path/to/buildA /path/to/buildB [steps] [rounds]
// (a build: a copy of the package root with its dist/ and wasm/, e.g. a second git worktree after npm run build)
import { irisSteps } from './iris-net.mjs';

const [backendName, distA, distB] = process.argv.slice(2);
const steps = Number(process.argv[5] ?? 3000),
  rounds = Number(process.argv[6] ?? 15);
async function make(dist) {
  const m = await import(`${dist}/dist/src/index.js`);
  const run = irisSteps(m, await m.loadBackend(backendName));
  return () => run(steps);
}
const sides = [await make(distA), await make(distB)];
const times = [[], []];
for (let r = 0; r < rounds + 2; r++)
  for (let s = 0; s < 2; s++) {
    const t0 = process.cpuUsage();
    sides[s]();
    const d = process.cpuUsage(t0);
    if (r >= 2) times[s].push((d.user + d.system) / steps);
  }
const stat = (a) => {
  const b = [...a].sort((x, y) => x - y);
  return `min ${b[0].toFixed(2)} median ${b[b.length >> 1].toFixed(2)}`;
};
console.log(`${backendName}: A ${stat(times[0])} | B ${stat(times[1])} us/step`);
