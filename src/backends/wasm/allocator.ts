/**
 * The allocator of the wasm backend's linear memory. The module allocates nothing itself: every byte from
 * its heap base to the end of memory is handed out here, as offsets, so that every buffer a model uses
 * lives where the kernels read it in place.
 *
 * First fit over a free list kept sorted by offset, with neighbours merged on release, which is enough for
 * the pattern of a training run (a few dozen long-lived buffers planned up front, short-lived scratch
 * copies for callers that pass plain arrays). Blocks are 16-byte aligned for v128 loads.
 * When nothing fits, memory grows by at least half its size, so growth is rare; growth replaces
 * memory.buffer, which is why DeviceBuffer views are re-created on access (see buffer.ts).
 */
import { WasmMemoryError } from '../../errors.js';

const ALIGN = 16;
const PAGE = 65536;
/** wasm32 addresses 4 GiB; engines cap memory there (or lower). */
const MAX_PAGES = 65536;

interface Block {
  offset: number;
  size: number;
}

export class LinearAllocator {
  /** Free blocks, sorted by offset, never adjacent (adjacent ones are merged). */
  private readonly freeBlocks: Block[] = [];
  /** Size of every live block, by offset. */
  private readonly live = new Map<number, number>();
  private growCount = 0;

  constructor(readonly memory: WebAssembly.Memory, heapBase: number) {
    const start = alignUp(heapBase);
    const end = memory.buffer.byteLength;
    if (end > start) this.freeBlocks.push({ offset: start, size: end - start });
  }

  /** How many times memory has grown (for tests and diagnostics). */
  get growths(): number {
    return this.growCount;
  }

  /** Bytes currently handed out. */
  get bytesInUse(): number {
    let total = 0;
    for (const size of this.live.values()) total += size;
    return total;
  }

  /** A zero-filled block of at least `bytes` bytes; returns its byte offset in linear memory. */
  allocate(bytes: number): number {
    const size = Math.max(ALIGN, alignUp(bytes));
    let index = this.findFit(size);
    if (index < 0) {
      this.grow(size);
      index = this.findFit(size);
      if (index < 0) throw new WasmMemoryError(`backprop: wasm allocator found no block of ${size} bytes after growing memory`);
    }
    const block = this.freeBlocks[index];
    const offset = block.offset;
    if (block.size === size) this.freeBlocks.splice(index, 1);
    else {
      block.offset += size;
      block.size -= size;
    }
    this.live.set(offset, size);
    // Released blocks are reused dirty; a DeviceBuffer starts at zero.
    new Uint8Array(this.memory.buffer, offset, size).fill(0);
    return offset;
  }

  /** Gives a block back; merges it with free neighbours. */
  release(offset: number): void {
    const size = this.live.get(offset);
    if (size === undefined) {
      throw new WasmMemoryError(`backprop: wasm buffer at offset ${offset} is not allocated (freed twice?)`);
    }
    this.live.delete(offset);
    // Binary search for the first free block after this one.
    let lo = 0;
    let hi = this.freeBlocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.freeBlocks[mid].offset < offset) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? this.freeBlocks[lo - 1] : undefined;
    const after = lo < this.freeBlocks.length ? this.freeBlocks[lo] : undefined;
    const joinsBefore = before !== undefined && before.offset + before.size === offset;
    const joinsAfter = after !== undefined && offset + size === after.offset;
    if (joinsBefore && joinsAfter) {
      before.size += size + after.size;
      this.freeBlocks.splice(lo, 1);
    } else if (joinsBefore) {
      before.size += size;
    } else if (joinsAfter) {
      after.offset = offset;
      after.size += size;
    } else {
      this.freeBlocks.splice(lo, 0, { offset, size });
    }
  }

  /** Grows memory (if needed) so that `bytes` more can be allocated without another growth. */
  reserve(bytes: number): void {
    const size = alignUp(bytes);
    if (this.findFit(size) < 0) this.grow(size);
  }

  /** Free blocks as [offset, size] pairs (for tests of coalescing). */
  freeList(): Array<[number, number]> {
    return this.freeBlocks.map((b) => [b.offset, b.size]);
  }

  private findFit(size: number): number {
    for (let i = 0; i < this.freeBlocks.length; i++) if (this.freeBlocks[i].size >= size) return i;
    return -1;
  }

  /** Adds at least `size` usable bytes at the end of memory (merging with a free tail block). */
  private grow(size: number): void {
    const oldBytes = this.memory.buffer.byteLength;
    const tail = this.freeBlocks[this.freeBlocks.length - 1];
    const tailFree = tail !== undefined && tail.offset + tail.size === oldBytes ? tail.size : 0;
    const neededPages = Math.ceil((size - tailFree) / PAGE);
    const oldPages = oldBytes / PAGE;
    // Grow by half the current size at least, so a run that allocates step by step grows a few times only.
    let pages = Math.max(neededPages, Math.ceil(oldPages / 2));
    pages = Math.min(pages, MAX_PAGES - oldPages);
    if (pages < neededPages) {
      throw new WasmMemoryError(`backprop: wasm memory cannot grow to hold ${size} more bytes ` +
        `(it has ${oldBytes} bytes, wasm32 stops at 4 GiB); dispose() models you no longer use, free buffers, or use the native backend`);
    }
    try {
      this.memory.grow(pages);
    } catch {
      try {
        pages = neededPages;
        this.memory.grow(pages);
      } catch (error) {
        throw new WasmMemoryError(`backprop: wasm memory could not grow by ${pages * PAGE} bytes from ${oldBytes}: ` +
          `${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.growCount++;
    const added = pages * PAGE;
    if (tailFree > 0) tail.size += added;
    else this.freeBlocks.push({ offset: oldBytes, size: added });
  }
}

function alignUp(value: number): number {
  return Math.ceil(value / ALIGN) * ALIGN;
}
