// Fuzz cases for the kernel contract as users reach it through getBackend(): one kernel call with one
// argument broken in a way that is certainly invalid (wrong count, wrong type, size beyond the buffers,
// overlapping outputs), or a valid call; and allocate/free with bad lengths and double frees.
import type { Backend, Kernels } from '../../src/index.js';
import { BAD_ARGUMENTS, KERNEL_ARGUMENTS as SPECS } from '../kernel-arguments.js';
import { type Arg, type FuzzContext, NOT_NUMBERS, show } from './fuzz-context.js';

async function kernelCall(ctx: FuzzContext, backend: Backend): Promise<void> {
  const names = Object.keys(SPECS) as (keyof Kernels)[];
  const kernel = ctx.pick(names);
  const spec = SPECS[kernel];
  const args = spec.valid();
  const mode = ctx.int(0, 9);
  let what: string;
  let bad = true;
  if (mode === 0) {
    // A missing argument is certainly wrong; an extra one is ignored by a JavaScript function, so either
    // outcome is accepted for it as long as it is clean.
    if (ctx.chance(0.5)) args.pop();
    else {
      args.push(1);
      bad = false;
    }
    what = `${args.length} arguments`;
  } else if (mode === 1) {
    const j = ctx.pick(spec.lengthFactors);
    args[j] = ctx.int(1000, 100000);
    what = `argument ${j} = ${args[j]} (beyond the buffers)`;
  } else if (mode === 2) {
    const arrays = spec.kinds.flatMap((k, j) => (k === 'array' ? [j] : []));
    if (arrays.length < 2) return;
    const j = arrays[arrays.length - 1];
    const other = ctx.pick(arrays.slice(0, -1));
    const memory = new Float32Array(4096);
    args[other] = memory.subarray(0, (args[other] as Float32Array).length);
    args[j] = memory.subarray(1, 1 + (args[j] as Float32Array).length);
    what = `argument ${j} overlapping argument ${other} at offset 1`;
  } else if (mode === 3) {
    // Valid arguments with hostile values in the data: kernels must not throw engine errors or crash.
    const arrays = spec.kinds.flatMap((k, j) => (k === 'array' ? [j] : []));
    const j = ctx.pick(arrays);
    const a = args[j] as Float32Array;
    const v = ctx.pick([NaN, Infinity, -Infinity, 3e38, -0]);
    a[ctx.int(0, a.length - 1)] = v;
    what = `a value ${show(v)} in argument ${j}`;
    // Only labels have a value range the kernel must check (-0 is label 0).
    bad = kernel === 'sparseSoftmaxCrossEntropy' && j === 3 && !Object.is(v, -0);
  } else {
    const j = ctx.int(0, args.length - 1);
    const v = ctx.pick(BAD_ARGUMENTS[spec.kinds[j]]());
    args[j] = v;
    what = `argument ${j} (${spec.kinds[j]}) = ${show(v)}`;
  }
  const fn = (backend as unknown as Record<string, (...a: unknown[]) => unknown>)[kernel];
  await ctx.call(`getBackend().${kernel}(${what})`, () => fn.apply(backend, args), bad);
}

async function allocateCall(ctx: FuzzContext, backend: Backend): Promise<void> {
  const length: Arg = ctx.draw(
    () => ctx.int(0, 64),
    [-1, 1.5, NaN, Infinity, 2 ** 53, 1e300, undefined, null, ...NOT_NUMBERS],
    [],
    0.5,
  );
  const made = await ctx.call(
    `getBackend().allocate(${length.text})`,
    () => backend.allocate(length.value as number),
    length.bad,
  );
  if (!made.ok) return;
  const buffer = made.value;
  ctx.expect(
    'allocate(n).data.length',
    buffer.data instanceof Float32Array && buffer.data.length === length.value,
    `allocate(${length.text}).data is not a Float32Array of that length`,
  );
  await ctx.call('buffer.free()', () => buffer.free());
  if (ctx.chance(0.5)) {
    // A second free must be refused or ignored; either way later allocations still work.
    await ctx.call('buffer.free() again', () => buffer.free());
    const again = await ctx.call('getBackend().allocate(8) after a double free', () => backend.allocate(8));
    const other = await ctx.call('getBackend().allocate(8) again', () => backend.allocate(8));
    if (again.ok && other.ok) {
      again.value.data.fill(1);
      other.value.data.fill(2);
      ctx.expect(
        'two buffers allocated after a double free',
        again.value.data.every((v) => v === 1),
        'two live buffers share memory after a double free',
      );
    }
    if (again.ok) again.value.free();
    if (other.ok) other.value.free();
  }
}

export async function kernelCase(ctx: FuzzContext, backend: Backend): Promise<void> {
  if (ctx.chance(0.15)) await allocateCall(ctx, backend);
  else await kernelCall(ctx, backend);
}
