// model.save('downloads://name') with a faked page: an anchor with a Blob URL of the single-file container
// is added, clicked and removed, the Blob URL is revoked later, and the downloaded bytes load back.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { layers, loadModel, sequential, type Sequential } from '../../../src/index.js';

interface FakeAnchor {
  href: string;
  download: string;
  style: { display: string };
  clicks: number;
  attached: boolean;
  click(): void;
  remove(): void;
}

const scope = globalThis as { document?: unknown };
let anchors: FakeAnchor[];
let blobs: Map<string, Blob>;
let revoked: string[];

beforeEach(() => {
  anchors = [];
  blobs = new Map();
  revoked = [];
  scope.document = {
    createElement(tag: string): FakeAnchor {
      expect(tag).toBe('a');
      const anchor: FakeAnchor = {
        href: '',
        download: '',
        style: { display: '' },
        clicks: 0,
        attached: false,
        click() {
          // A browser starts the download only for an anchor in the page.
          expect(anchor.attached).toBe(true);
          anchor.clicks++;
        },
        remove() {
          anchor.attached = false;
        },
      };
      anchors.push(anchor);
      return anchor;
    },
    body: {
      appendChild(node: FakeAnchor) {
        node.attached = true;
      },
    },
  };
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => {
    revoked.push(url);
  });
  vi.useFakeTimers();
});

afterEach(() => {
  delete scope.document;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function build(): Sequential {
  const model = sequential({ seed: 12, layers: [layers.dense({ inputShape: [2], units: 3, activation: 'tanh' })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  return model;
}

describe("model.save('downloads://name')", () => {
  it('clicks an anchor in the page whose Blob holds the container; the file loads back', async () => {
    const model = build();
    await model.save('downloads://my-model');
    expect(anchors).toHaveLength(1);
    const [anchor] = anchors;
    expect(anchor.download).toBe('my-model.bpmodel');
    expect(anchor.clicks).toBe(1);
    expect(anchor.attached).toBe(false);
    const blob = blobs.get(anchor.href) as Blob;
    expect(blob.type).toBe('application/octet-stream');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(model.toBytes());
    const loaded = await loadModel(blob);
    expect(Array.from(loaded.predict([[0.5, -2]]).data)).toEqual(Array.from(model.predict([[0.5, -2]]).data));
  });

  it('revokes the Blob URL after 40 s, not before (an early revoke can cancel the download)', async () => {
    await build().save('downloads://m');
    vi.advanceTimersByTime(39_999);
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(revoked).toEqual([anchors[0].href]);
  });

  it('keeps a name that has the extension; refuses folders and an empty name', async () => {
    await build().save('downloads://kept.bpmodel');
    expect(anchors[0].download).toBe('kept.bpmodel');
    await expect(build().save('downloads://a/b')).rejects.toThrow(
      /a download is named by a file name without folders; got "a\/b"/,
    );
    await expect(build().save('downloads://')).rejects.toThrow(/needs a name after the scheme/);
    expect(anchors).toHaveLength(1);
  });
});
