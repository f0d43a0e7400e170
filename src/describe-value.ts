// Shows a value that came from a user in an error message. JSON.stringify is not safe for this: it throws on
// a BigInt and on cycles, overflows the stack on deeply nested arrays, returns undefined for a Symbol or a
// function, and can make a message megabytes long. This never throws and keeps the text short.

const MAX_CHARS = 80;
const MAX_ITEMS = 6;
const MAX_DEPTH = 3;

/** A short, readable description of any value: `null`, `3n`, `Symbol(x)`, `"text"`, `[1, 2]`, `{ a: 1 }`, `a function`. */
export function describeValue(value: unknown): string {
  const text = describe(value, MAX_DEPTH, new Set());
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 3)}...` : text;
}

function describe(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'string':
      return JSON.stringify(value.length > MAX_CHARS ? `${value.slice(0, MAX_CHARS)}...` : value);
    case 'function':
      return value.name ? `a function (${value.name})` : 'a function';
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '(a cycle)';
  if (ArrayBuffer.isView(object))
    return `a ${object.constructor?.name ?? 'typed array'} of ${(object as { length?: number }).length ?? object.byteLength} elements`;
  if (depth === 0) return Array.isArray(object) ? `an array of ${object.length}` : 'an object';
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const items = object.slice(0, MAX_ITEMS).map((item) => describe(item, depth - 1, seen));
      if (object.length > MAX_ITEMS) items.push(`... ${object.length - MAX_ITEMS} more`);
      return `[${items.join(', ')}]`;
    }
    const keys = Object.keys(object);
    if (keys.length === 0)
      return Object.getPrototypeOf(object) === Object.prototype || Object.getPrototypeOf(object) === null
        ? '{}'
        : `a ${object.constructor?.name ?? 'object'}`;
    const entries = keys
      .slice(0, MAX_ITEMS)
      .map(
        (key) =>
          `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${describe((object as Record<string, unknown>)[key], depth - 1, seen)}`,
      );
    if (keys.length > MAX_ITEMS) entries.push('...');
    return `{ ${entries.join(', ')} }`;
  } catch {
    return 'an object'; // a getter or a Proxy that throws
  } finally {
    seen.delete(object);
  }
}
