// Linear memory of the wasm backend: the allocator (first fit, coalescing, zero-filled blocks), growth in
// the middle of a run (earlier buffers keep their contents, their views stay live), zero-copy calls for
// buffers in linear memory, and scratch copies for plain arrays that give the same results.
import { describe, expect, test, vi } from 'vitest';
import { Activation, type DeviceBuffer } from '../../src/backends/contract.js';
import { LinearAllocator } from '../../src/backends/wasm/allocator.js';
import { loadNodeWasmBackend, type WasmBackend } from '../../src/backends/wasm/index.js';
import { Random } from '../../src/random.js';

describe('LinearAllocator', () => {
  test('first fit, coalescing with both neighbours, zero-filled reuse, double free', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const allocator = new LinearAllocator(memory, 100);
    expect(allocator.freeList()).toEqual([[112, 65536 - 112]]);
    const a = allocator.allocate(10); // rounds to 16
    const b = allocator.allocate(32);
    const c = allocator.allocate(16);
    expect([a, b, c]).toEqual([112, 128, 160]);
    new Uint8Array(memory.buffer, b, 32).fill(7);
    allocator.release(a);
    allocator.release(c);
    expect(allocator.freeList()).toEqual([[112, 16], [160, 65536 - 160]]);
    allocator.release(b); // joins both neighbours into one block
    expect(allocator.freeList()).toEqual([[112, 65536 - 112]]);
    const again = allocator.allocate(48);
    expect(again).toBe(112);
    expect(Array.from(new Uint8Array(memory.buffer, again, 48)).every((v) => v === 0)).toBe(true);
    expect(() => allocator.release(b)).toThrow(/not allocated \(freed twice\?\)/);
  });

  test('grows memory when nothing fits, by at least half, merging with the free tail', () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const allocator = new LinearAllocator(memory, 0);
    const first = allocator.allocate(100_000);
    const second = allocator.allocate(100_000);
    expect(allocator.growths).toBe(1);
    expect(second).toBe(first + 100_000);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(200_000);
    allocator.release(first);
    allocator.release(second);
    expect(allocator.freeList()).toEqual([[0, memory.buffer.byteLength]]);
  });
});

describe.each([true, false])('wasm backend memory (simd %s)', (simd) => {
  test('growing memory mid-run keeps every earlier buffer intact and its data view live', async () => {
    const backend = await loadNodeWasmBackend({ simd }) as WasmBackend;
    const random = new Random(5);
    const buffers: DeviceBuffer[] = [];
    const copies: Float32Array[] = [];
    for (let i = 0; i < 20; i++) {
      const b = backend.allocate(1000 + i * 37);
      random.fillUniform(b.data, -1, 1);
      buffers.push(b);
      copies.push(b.data.slice());
    }
    const heldView = buffers[0].data;
    const memoryBefore = backend.memory.buffer;
    const growthsBefore = backend.allocator.growths;
    // Larger than everything there: memory must grow.
    const big = backend.allocate(memoryBefore.byteLength / 4 + 1);
    expect(backend.allocator.growths).toBe(growthsBefore + 1);
    expect(backend.memory.buffer).not.toBe(memoryBefore);
    expect(heldView.length).toBe(0); // the old view is detached, as the contract warns
    for (let i = 0; i < buffers.length; i++) {
      const view = buffers[i].data;
      expect(view.buffer).toBe(backend.memory.buffer);
      expect(view).toEqual(copies[i]);
    }
    expect(big.data.every((v) => v === 0)).toBe(true);
    // Kernels keep working on the earlier buffers after growth (in place, through the new views).
    backend.activationForward(Activation.relu, buffers[3].length, 0, buffers[3].data, buffers[3].data);
    expect(Array.from(buffers[3].data)).toEqual(Array.from(copies[3], (v) => (v > 0 ? v : 0)));
    // A stale view passed to a kernel is a clear error, not a silent wrong answer.
    expect(() => backend.scale(10, 2, heldView)).toThrow(/scale: x must be a Float32Array of at least 10 floats; got a Float32Array of length 0/);
    big.free();
    expect(() => big.data).toThrow(/was freed/);
    expect(() => big.free()).toThrow(/already freed/);
  });

  test('kernel calls on device buffers allocate no scratch; plain arrays are copied and agree', async () => {
    const backend = await loadNodeWasmBackend({ simd }) as WasmBackend;
    const random = new Random(9);
    const [m, n, k] = [37, 29, 41];
    const a = backend.allocate(m * k);
    const b = backend.allocate(k * n);
    const c = backend.allocate(m * n);
    random.fillUniform(a.data, -1, 1);
    random.fillUniform(b.data, -1, 1);
    const spy = vi.spyOn(backend.allocator, 'allocate');
    backend.gemm(false, true, m, n, k, 1, a.data, b.data, 0, c.data);
    backend.activationForward(Activation.tanh, m * n, 0, c.data, c.data);
    expect(spy).not.toHaveBeenCalled();

    const plainA = a.data.slice();
    const plainB = b.data.slice();
    const plainC = new Float32Array(m * n);
    backend.gemm(false, true, m, n, k, 1, plainA, plainB, 0, plainC);
    backend.activationForward(Activation.tanh, m * n, 0, plainC, plainC); // aliased plain arrays share one scratch block
    expect(spy).toHaveBeenCalled();
    expect(plainC).toEqual(c.data);
    expect(plainA).toEqual(a.data); // inputs are not written back
    // Mixed: one device buffer, one plain array; subarrays honour their byteOffset.
    const bigger = new Float32Array(m * n + 5);
    backend.gemm(false, true, m, n, k, 1, a.data, plainB, 0, bigger.subarray(5));
    backend.activationForward(Activation.tanh, m * n, 0, bigger.subarray(5), bigger.subarray(5));
    expect(bigger.subarray(5)).toEqual(c.data);
    expect(Array.from(bigger.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
    spy.mockRestore();
    const inUse = backend.allocator.bytesInUse;
    backend.gemm(false, true, m, n, k, 1, plainA, plainB, 0, plainC);
    expect(backend.allocator.bytesInUse).toBe(inUse); // scratch is given back
  });

  test('reserve grows once so later allocations do not grow', async () => {
    const backend = await loadNodeWasmBackend({ simd }) as WasmBackend;
    const before = backend.allocator.growths;
    backend.reserve(3_000_000);
    expect(backend.allocator.growths).toBe(before + 1);
    for (let i = 0; i < 30; i++) backend.allocate(100_000);
    expect(backend.allocator.growths).toBe(before + 1);
  });
});
