// Reads a fetch Response's body a given number of bytes at a time, so that a model loaded from a URL is
// checked as it arrives: a body longer than the model needs is refused without being read whole.

export class BodyReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** Bytes received and not yet returned. */
  private rest: Uint8Array = new Uint8Array(0);

  constructor(response: Response) {
    this.reader = response.body?.getReader();
  }

  /** The next non-empty chunk, or undefined at the end of the body. */
  private async next(): Promise<Uint8Array | undefined> {
    if (!this.reader) return undefined;
    for (;;) {
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      if (value.length > 0) return value;
    }
  }

  /** The next `count` bytes; fewer only when the body ends first. */
  async read(count: number): Promise<Uint8Array> {
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      if (this.rest.length === 0) {
        const chunk = await this.next();
        if (!chunk) return out.subarray(0, filled);
        this.rest = chunk;
      }
      const take = Math.min(count - filled, this.rest.length);
      out.set(this.rest.subarray(0, take), filled);
      filled += take;
      this.rest = this.rest.subarray(take);
    }
    return out;
  }

  /** Everything left, or undefined (and the body cancelled) when that is more than `limit` bytes. */
  async readRest(limit: number): Promise<Uint8Array | undefined> {
    const chunks: Uint8Array[] = [this.rest];
    let total = this.rest.length;
    this.rest = new Uint8Array(0);
    for (let chunk = await this.next(); chunk; chunk = await this.next()) {
      total += chunk.length;
      if (total > limit) {
        await this.cancel();
        return undefined;
      }
      chunks.push(chunk);
    }
    if (total > limit) return undefined;
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  /** Whether the body has ended; if it has not, the rest is cancelled. */
  async atEnd(): Promise<boolean> {
    if (this.rest.length === 0 && !(await this.next())) return true;
    await this.cancel();
    return false;
  }

  async cancel(): Promise<void> {
    this.rest = new Uint8Array(0);
    await this.reader?.cancel().catch(() => undefined);
  }
}
