// A/B of the js backend's adamStep on the iris 4-30-16-3 network's 697 parameters (the optimizer of
// iris-step.mjs): two or more builds in one process, rounds interleaved, per-call CPU microseconds (min and
// median over rounds; process.cpuUsage, so time the process spends descheduled by other load is not counted).
// Each build updates its own parameters from the same start, at steps 1 to 10,000 in turn (where both bias
// corrections differ from 1, as in the first 16,627 steps of a training run).
// usage: node bench/ab/iris-adam.mjs /path/to/buildA /path/to/buildB [...more builds]
// (a build: a copy of the package root with its dist/, e.g. a second git worktree after npm run build)
const roots = process.argv.slice(2);
if (roots.length < 2) throw new Error('usage: node bench/ab/iris-adam.mjs buildA buildB [...more builds]');
const n = 4 * 30 + 30 + 30 * 16 + 16 + 16 * 3 + 3;
const calls = 3000,
  rounds = 25,
  warmRounds = 3;

const sides = [];
for (const root of roots) {
  const { adamStep } = await import(`${root}/dist/src/backends/js/optimizer.js`);
  const [params, grads, m, v] = [0, 1, 2, 3].map(() => new Float32Array(n));
  for (let i = 0; i < n; i++) {
    params[i] = Math.sin(i);
    grads[i] = Math.cos(3 * i) * 0.01;
  }
  let step = 0;
  sides.push(() => {
    for (let c = 0; c < calls; c++) adamStep(n, 1e-3, 0.9, 0.999, 1e-7, (step++ % 10000) + 1, 0, params, grads, m, v);
  });
}
const times = sides.map(() => []);
for (let r = 0; r < rounds + warmRounds; r++) {
  sides.forEach((run, s) => {
    const t0 = process.cpuUsage();
    run();
    const d = process.cpuUsage(t0);
    if (r >= warmRounds) times[s].push((d.user + d.system) / calls);
  });
}
times.forEach((t, s) => {
  const sorted = [...t].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  console.log(`${roots[s]}: min ${sorted[0].toFixed(2)} median ${median.toFixed(2)} us/call (${n} values)`);
});
