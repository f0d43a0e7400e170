import type { DeviceBuffer } from '../contract.js';
import type { LinearAllocator } from './allocator.js';

/**
 * A float32 buffer inside the module's linear memory. `data` re-creates its view whenever memory has
 * grown (growth replaces memory.buffer and detaches every old view), so it is never stale; kernels get
 * its byte offset and copy nothing.
 */
export class WasmDeviceBuffer implements DeviceBuffer {
  private view: Float32Array;
  private freed = false;

  constructor(private readonly allocator: LinearAllocator, readonly byteOffset: number, readonly length: number) {
    this.view = new Float32Array(allocator.memory.buffer, byteOffset, length);
  }

  get data(): Float32Array {
    if (this.freed) throw new Error('backprop: this wasm DeviceBuffer was freed; allocate a new one');
    const buffer = this.allocator.memory.buffer;
    if (this.view.buffer !== buffer) this.view = new Float32Array(buffer, this.byteOffset, this.length);
    return this.view;
  }

  free(): void {
    if (this.freed) throw new Error('backprop: this wasm DeviceBuffer was already freed');
    this.freed = true;
    this.allocator.release(this.byteOffset);
  }
}
