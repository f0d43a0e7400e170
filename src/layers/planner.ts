/** A range of floats inside one of the model's flat buffers. */
export interface Slice {
  readonly offset: number;
  readonly length: number;
}

/** A slice whose offset the planner fixes when the plan is finished. */
interface PlacedSlice {
  offset: number;
  readonly length: number;
}

/** A gradient slice and the steps of the plan that write or read it (see Planner). */
interface GradientSlice extends PlacedSlice {
  first: number;
  last: number;
}

/**
 * Lays out the activation workspace of one batch capacity (`rows`) while a model's layers plan, in forward
 * order. Three kinds of slices:
 * - take: a slice of its own for the whole training step (activations the backward pass reads again, and
 *   every slice of a forward-only buffer such as the input and the targets);
 * - takeGradient: a gradient, which lives only while the layers that write and read it run their backward
 *   passes. Each layer's plan is a step of a clock (step()); `use` widens a gradient's steps to the layer
 *   that hands it on. The backward pass runs the layers in the reverse order of their steps (a residual
 *   block's own work spans the steps of the layers inside it), so two gradients whose steps do not overlap
 *   are never needed at once and may share memory. They are placed greedy by size: the longest first,
 *   each at the lowest offset free of the gradients it overlaps in steps (Pisarchyk and Lee, "Efficient
 *   Memory Management for Deep Neural Net Inference", 2020);
 * - takeShared: a scratch slice used only within one call of one layer's forward or backward (im2col
 *   columns); all of them start at one offset, in a region as long as the longest.
 * Offsets of gradient and shared slices are known once finish() has run.
 */
export class Planner {
  private used = 0;
  private clock = 0;
  private readonly gradients = new Set<GradientSlice>();
  private readonly shared: PlacedSlice[] = [];
  private sharedLength = 0;

  constructor(readonly rows: number) {}

  /** A slice of its own, which no other slice overlaps. */
  take(length: number): Slice {
    const slice = { offset: this.used, length };
    this.used += length;
    return slice;
  }

  /** Starts the plan of one more layer; returns its step. */
  step(): number {
    return ++this.clock;
  }

  /** A gradient slice, written or read by the layer of the current step (and by those that `use` it). */
  takeGradient(length: number): Slice {
    const slice: GradientSlice = { offset: 0, length, first: this.clock, last: this.clock };
    this.gradients.add(slice);
    return slice;
  }

  /**
   * Marks `slice` as written or read by a layer whose plan started at step `from` (and spans the steps
   * taken since). Slices that are not gradients live through the whole step and need no marking.
   */
  use(slice: Slice, from: number): void {
    const gradient = slice as GradientSlice;
    if (!this.gradients.has(gradient)) return;
    gradient.first = Math.min(gradient.first, from);
    gradient.last = Math.max(gradient.last, this.clock);
  }

  /**
   * A scratch slice that a layer writes and reads only within one call of its forward or of its backward
   * (a convolution's im2col columns): no two such calls overlap in time, so every shared slice starts at
   * the same offset, in one region as long as the longest.
   */
  takeShared(length: number): Slice {
    const slice = { offset: 0, length };
    this.shared.push(slice);
    this.sharedLength = Math.max(this.sharedLength, length);
    return slice;
  }

  /** Places the gradients, then the shared region, after the other slices; returns the workspace's length. */
  finish(): number {
    const placed: GradientSlice[] = [];
    let end = this.used;
    for (const slice of [...this.gradients].sort((a, b) => b.length - a.length)) {
      const overlapping = placed
        .filter((other) => other.first <= slice.last && slice.first <= other.last)
        .sort((a, b) => a.offset - b.offset);
      let offset = this.used;
      for (const other of overlapping) {
        if (offset + slice.length <= other.offset) break;
        offset = Math.max(offset, other.offset + other.length);
      }
      slice.offset = offset;
      placed.push(slice);
      end = Math.max(end, offset + slice.length);
    }
    for (const slice of this.shared) slice.offset = end;
    return end + this.sharedLength;
  }
}
