import type { DeviceBuffer } from '../contract.js';
import type { LinearAllocator } from './allocator.js';

/** What the finalizer needs to give a block back (never the buffer itself, which would keep it alive). */
interface Block {
  readonly allocator: LinearAllocator;
  readonly byteOffset: number;
}

/**
 * Gives back the block of a buffer that was dropped without free(): a model nobody references any more
 * (and that was never disposed) returns its linear memory once the garbage collector has collected it.
 * Without this, every dropped model leaked its blocks until allocation failed for good.
 */
const reclaim = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<Block>(({ allocator, byteOffset }) => allocator.release(byteOffset))
  : undefined;

/**
 * A float32 buffer inside the module's linear memory. `data` re-creates its view whenever memory has
 * grown (growth replaces memory.buffer and detaches every old view), so it is never stale; kernels get
 * its byte offset and copy nothing. Its block is released by free(), or when the buffer is collected.
 */
export class WasmDeviceBuffer implements DeviceBuffer {
  private view: Float32Array;
  private freed = false;

  constructor(private readonly allocator: LinearAllocator, readonly byteOffset: number, readonly length: number) {
    this.view = new Float32Array(allocator.memory.buffer, byteOffset, length);
    reclaim?.register(this, { allocator, byteOffset }, this);
  }

  get data(): Float32Array {
    if (this.freed) throw new Error('backprop: this wasm DeviceBuffer was freed; allocate a new one');
    // Growth detaches the old memory.buffer, and a view of a detached buffer has length 0: while the view
    // keeps its length, memory has not grown (reading memory.buffer, a call into the engine, costs more).
    if (this.view.length === this.length && this.length !== 0) return this.view;
    const buffer = this.allocator.memory.buffer;
    if (this.view.buffer !== buffer) this.view = new Float32Array(buffer, this.byteOffset, this.length);
    return this.view;
  }

  free(): void {
    if (this.freed) throw new Error('backprop: this wasm DeviceBuffer was already freed');
    this.freed = true;
    reclaim?.unregister(this);
    this.allocator.release(this.byteOffset);
  }
}
