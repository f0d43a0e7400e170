// Seeded corruptions of a saved model (model.json + weights.bin, docs/model-format.md): every JSON field
// removed or replaced by values of other types, prototype names ("__proto__", "constructor", "toString")
// as class and layer names, huge and negative sizes, very deep nesting, very long strings, duplicated
// keys and "__proto__" keys in the JSON text, weights truncated at every region boundary, bit flips (with
// and without a matching checksum), non-finite values, and files that are not a model at all.
import { crc32 } from '../../src/model/crc32.js';
import type { ModelArtifacts } from '../../src/index.js';
import type { Random } from '../../src/random.js';

export interface Corruption {
  readonly what: string;
  /** model.json as an object (loaded from memory) or as text (written to a directory and loaded from there). */
  readonly json: unknown;
  readonly jsonText?: string;
  readonly weights: Uint8Array;
  /** Certainly unloadable: loading must throw ModelFormatError. Otherwise it may load or throw it. */
  readonly mustFail: boolean;
  /** weights.bin is byte for byte the saved one (a model that loads must hold exactly its values). */
  readonly weightsIntact: boolean;
}

type Path = (string | number)[];

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];
const WRONG_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 32 + 3,
  '',
  'x',
  '1',
  [],
  [null],
  {},
  { className: 'Dense' },
  ...PROTOTYPE_NAMES,
];
const HUGE_SIZES = [-1, 0, 1.5, 2 ** 31, 2 ** 32 + 3, 1e12, 2 ** 53, 1e308, -1e308];

/** Fields whose removal or replacement by a value of another type certainly makes the file unloadable. */
function isRequired(path: Path): boolean {
  const p = path.join('.');
  return (
    /^(format|formatVersion|modelTopology|modelTopology\.className|modelTopology\.config|modelTopology\.config\.(layers|seed|name)|weightsManifest|weightsManifest\.(byteLength|crc32|weights)(\.\d+(\.(name|group|shape)(\.\d+)?)?)?)$/.test(
      p,
    ) ||
    /^modelTopology\.config\.layers(\.\d+(\.config\.layers\.\d+)*)(\.(className|config))?$/.test(p) ||
    /layers\.\d+\.config\.units$/.test(p)
  );
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

function set(root: unknown, path: Path, value: unknown): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
}

function remove(root: unknown, path: Path): void {
  const parent = get(root, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function show(v: unknown): string {
  const s = typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

/** The weights with a fresh checksum written into a copy of the JSON, so the corruption reaches the checks behind it. */
function withChecksum(json: unknown, weights: Uint8Array): unknown {
  const copy = clone(json) as { weightsManifest: { crc32: string } };
  copy.weightsManifest.crc32 = crc32(weights).toString(16).padStart(8, '0');
  return copy;
}

/** JSON text in which the object at `path` gets `key` twice: `first` then `second` (JSON.parse keeps the last). */
function withDuplicateKey(json: unknown, path: Path, key: string, first: unknown, second: unknown): string {
  const target = get(json, path);
  const write = (v: unknown): string => {
    if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
    if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
    const parts = Object.entries(v)
      .filter(([k]) => !(v === target && k === key))
      .map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`);
    if (v === target) parts.push(`${JSON.stringify(key)}:${write(first)}`, `${JSON.stringify(key)}:${write(second)}`);
    return `{${parts.join(',')}}`;
  };
  return write(json);
}

/** Byte offsets where weights.bin changes region: header fields, then parameters, state and each optimizer slot. */
function boundaries(
  json: { weightsManifest: { weights: { shape: number[]; group: string }[]; optimizer: { slots: string[] } | null } },
  length: number,
): number[] {
  const size = (group: string): number =>
    json.weightsManifest.weights
      .filter((w) => w.group === group)
      .reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  const p = size('trainable'),
    s = size('state');
  const cuts = [0, 1, 4, 8, 12, 16, 16 + 4 * p, 16 + 4 * (p + s)];
  for (let slot = 1; slot <= (json.weightsManifest.optimizer?.slots.length ?? 0); slot++)
    cuts.push(16 + 4 * (p + s + slot * p));
  const all = new Set<number>();
  for (const c of cuts) for (const d of [-1, 0, 1, 2]) if (c + d >= 0 && c + d < length) all.add(c + d);
  all.add(length - 1);
  return [...all].sort((a, b) => a - b);
}

export function* corruptions(base: ModelArtifacts, rng: Random, wrongPerField: number): Generator<Corruption> {
  const json = base.modelJson as unknown as Record<string, unknown> & Parameters<typeof boundaries>[0];
  const weights = base.weights;
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const intact = (what: string, j: unknown, mustFail: boolean): Corruption => ({
    what,
    json: j,
    weights,
    mustFail,
    weightsIntact: true,
  });

  // Every field removed, and replaced by values of other types.
  for (const path of paths(json)) {
    const j = clone(json);
    remove(j, path);
    // A layer without weights (dropout, activation) may go: the rest is still a valid model.
    const wholeLayer = typeof path[path.length - 1] === 'number' && path[path.length - 2] === 'layers';
    yield intact(`without ${path.join('.')}`, j, isRequired(path) && !wholeLayer);
    const original = get(json, path);
    const candidates = WRONG_VALUES.filter((v) => typeOf(v) !== typeOf(original));
    for (let i = 0; i < wrongPerField; i++) {
      const v = pick(candidates);
      const k = clone(json);
      set(k, path, v);
      yield intact(`${path.join('.')} = ${show(v)} (was ${typeOf(original)})`, k, isRequired(path));
    }
  }

  // Prototype names as class names, layer names, loss and metric names.
  for (const path of paths(json).filter(
    (p) => /(className|name)$/.test(String(p[p.length - 1])) || p.join('.').startsWith('trainingConfig.metrics.'),
  )) {
    for (const name of PROTOTYPE_NAMES) {
      const j = clone(json);
      set(j, path, name);
      const last = String(path[path.length - 1]);
      // A layer or model may be called "constructor"; a class, loss, metric or weight name may not be. A
      // regularizer or constraint is rebuilt from its numbers, so its className may be ignored.
      const harmless =
        (last === 'name' && path.includes('config') && !path.includes('weightsManifest')) ||
        /Regularizer|Constraint/.test(path.join('.'));
      yield intact(`${path.join('.')} = ${JSON.stringify(name)}`, j, !harmless);
    }
  }

  // Huge, negative and fractional sizes.
  for (const path of paths(json).filter(
    (p) =>
      /^(units|byteLength|iterations)$/.test(String(p[p.length - 1])) ||
      p.includes('shape') ||
      p.includes('inputShape'),
  )) {
    if (typeof get(json, path) !== 'number') continue;
    for (const v of HUGE_SIZES) {
      const j = clone(json);
      set(j, path, v);
      const iterations = path[path.length - 1] === 'iterations';
      yield intact(`${path.join('.')} = ${v}`, j, !(iterations && Number.isSafeInteger(v) && v >= 0));
    }
  }

  // Very deep nesting: residual blocks inside residual blocks, and deeply nested arrays and objects in fields.
  for (const depth of [40, 1000]) {
    const j = clone(json) as unknown as { modelTopology: { config: { layers: unknown[] } } };
    const layers = j.modelTopology.config.layers;
    let nested: unknown = layers[layers.length - 1];
    for (let d = 0; d < depth; d++) nested = { className: 'Residual', config: { name: `deep_${d}`, layers: [nested] } };
    layers[layers.length - 1] = nested;
    yield intact(`the last layer inside ${depth} nested residual blocks`, j, true);
  }
  for (const depth of [100, 10_000]) {
    let deep: unknown = 1;
    for (let d = 0; d < depth; d++) deep = rng.int(2) ? [deep] : { a: deep };
    for (const path of [
      ['trainingConfig', 'metrics'],
      ['modelTopology', 'config', 'layers', 0, 'config', 'activation'],
      ['weightsManifest', 'weights', 0, 'shape'],
      ['modelTopology', 'config', 'name'],
    ] as Path[]) {
      const j = clone(json);
      if (get(j, path.slice(0, -1)) === null) continue;
      set(j, path, deep);
      yield intact(`${path.join('.')} nested ${depth} deep`, j, true);
    }
  }

  // Very long strings.
  for (const path of [
    ['format'],
    ['modelTopology', 'config', 'name'],
    ['modelTopology', 'config', 'layers', 0, 'className'],
    ['modelTopology', 'config', 'layers', 0, 'config', 'name'],
    ['weightsManifest', 'crc32'],
  ] as Path[]) {
    const j = clone(json);
    set(j, path, 'x'.repeat(pick([1 << 16, 1 << 20])));
    const harmless = path.join('.') === 'modelTopology.config.name';
    yield intact(`${path.join('.')} a very long string`, j, !harmless && path[path.length - 1] !== 'name');
  }

  // Duplicated keys and "__proto__" keys in the JSON text (loaded from a directory).
  for (let i = 0; i < 12; i++) {
    const objects = paths(json).filter((p) => typeOf(get(json, p)) === 'object');
    const path = pick([[], ...objects]);
    const target = get(json, path) as Record<string, unknown>;
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    const key = pick(keys);
    const wrong = pick(WRONG_VALUES.filter((v) => typeOf(v) !== typeOf(target[key])));
    const last = rng.int(2) === 0;
    const text = last
      ? withDuplicateKey(json, path, key, target[key], wrong)
      : withDuplicateKey(json, path, key, wrong, target[key]);
    const fullPath = [...path, key];
    yield {
      what: `key ${fullPath.join('.')} twice, the ${last ? 'second' : 'first'} ${show(wrong)}`,
      json: undefined,
      jsonText: text,
      weights,
      mustFail: last && isRequired(fullPath),
      weightsIntact: true,
    };
  }
  for (const path of [
    [],
    ['modelTopology'],
    ['modelTopology', 'config'],
    ['modelTopology', 'config', 'layers', 0, 'config'],
    ['weightsManifest'],
  ] as Path[]) {
    const text = withDuplicateKey(json, path, '__proto__', null, {
      className: 'Dense',
      units: 7,
      format: 'x',
      byteLength: 1,
    });
    yield {
      what: `a "__proto__" key in ${path.join('.') || 'the top level'}`,
      json: undefined,
      jsonText: text,
      weights,
      mustFail: false,
      weightsIntact: true,
    };
  }

  // weightsManifest.path naming another file (loaded from a directory, where the path is used).
  for (const path of ['../weights.bin', '/etc/passwd', 'weights.bin\u0000.txt', 'model.json', 'WEIGHTS.BIN', '']) {
    const j = clone(json) as unknown as { weightsManifest: { path: string } };
    j.weightsManifest.path = path;
    yield {
      what: `weightsManifest.path ${JSON.stringify(path)} in a directory`,
      json: undefined,
      jsonText: JSON.stringify(j),
      weights,
      mustFail: true,
      weightsIntact: true,
    };
  }

  // weights.bin: truncated or extended at every region boundary (the checksum cannot match a different length).
  for (const cut of boundaries(json, weights.length))
    yield {
      what: `weights.bin truncated to ${cut} bytes`,
      json,
      weights: weights.slice(0, cut),
      mustFail: true,
      weightsIntact: false,
    };
  for (const extra of [1, 3, 4, 1024]) {
    const longer = new Uint8Array(weights.length + extra);
    longer.set(weights);
    yield {
      what: `weights.bin with ${extra} extra bytes`,
      json,
      weights: longer,
      mustFail: true,
      weightsIntact: false,
    };
    yield {
      what: `weights.bin with ${extra} extra bytes and a matching checksum`,
      json: withChecksum(json, longer),
      weights: longer,
      mustFail: true,
      weightsIntact: false,
    };
  }

  // Bit flips: with the recorded checksum (always caught), and with a matching checksum (caught by the
  // header checks, or a finite value that loads).
  for (let i = 0; i < 24; i++) {
    const flipped = weights.slice();
    const at = i < 8 ? rng.int(16) : rng.int(weights.length);
    flipped[at] ^= 1 << rng.int(8);
    yield { what: `weights.bin bit flip at byte ${at}`, json, weights: flipped, mustFail: true, weightsIntact: false };
    yield {
      what: `weights.bin bit flip at byte ${at} with a matching checksum`,
      json: withChecksum(json, flipped),
      weights: flipped,
      mustFail: at < 12,
      weightsIntact: false,
    };
  }
  // Non-finite values with a matching checksum, a header declaring a huge count, random bytes, nothing at all.
  for (const bad of [NaN, Infinity, -Infinity]) {
    const w = weights.slice();
    const index = rng.int((w.length - 16) / 4);
    new DataView(w.buffer).setFloat32(16 + 4 * index, bad, true);
    yield {
      what: `weights.bin value ${index} = ${bad} with a matching checksum`,
      json: withChecksum(json, w),
      weights: w,
      mustFail: true,
      weightsIntact: false,
    };
  }
  for (const count of [0, 1, 0x7fffffff, 0xffffffff]) {
    const w = weights.slice();
    new DataView(w.buffer).setUint32(8, count, true);
    yield {
      what: `weights.bin header count ${count} with a matching checksum`,
      json: withChecksum(json, w),
      weights: w,
      mustFail: true,
      weightsIntact: false,
    };
  }
  const noise = new Uint8Array(weights.length);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.int(256);
  yield { what: 'weights.bin random bytes', json, weights: noise, mustFail: true, weightsIntact: false };
  yield {
    what: 'weights.bin random bytes with a matching checksum',
    json: withChecksum(json, noise),
    weights: noise,
    mustFail: true,
    weightsIntact: false,
  };
  yield { what: 'weights.bin empty', json, weights: new Uint8Array(0), mustFail: true, weightsIntact: false };
  yield {
    what: 'weights.bin empty with a matching checksum',
    json: withChecksum(json, new Uint8Array(0)),
    weights: new Uint8Array(0),
    mustFail: true,
    weightsIntact: false,
  };

  // model.json that is not a model, or not JSON.
  const text = JSON.stringify(json);
  const junk = [
    '',
    'null',
    '[]',
    '"x"',
    '{',
    '{}',
    '1e999',
    text.slice(0, text.length >> 1),
    `${text}garbage`,
    `\ufeff${text}`,
    `[${text}]`,
    text.replace(/"/g, "'"),
    '\u0000'.repeat(64),
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    `{"a":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_001)}`,
  ];
  for (const t of junk)
    yield {
      what: `model.json ${show(t)}`,
      json: undefined,
      jsonText: t,
      weights,
      mustFail: t !== `\ufeff${text}`,
      weightsIntact: true,
    };
  const bytes = new Uint8Array(256);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  yield {
    what: 'model.json random bytes',
    json: undefined,
    jsonText: Buffer.from(bytes).toString('latin1'),
    weights,
    mustFail: true,
    weightsIntact: true,
  };
}
