// Save and load targets are written as TensorFlow.js writes them: 'indexeddb://name', 'downloads://name',
// 'https://host/model.json'; a string without a scheme is a path of the file system.

/** A target split at its scheme; `scheme` is lower case, undefined for a path. */
export interface Target {
  readonly scheme: string | undefined;
  /** What follows `scheme://` (the whole string for a path). */
  readonly rest: string;
}

/** Two letters at least, so that a Windows drive (C:/models) stays a path. */
const SCHEME = /^([a-z][a-z0-9+.-]+):\/\//i;

export function splitScheme(target: string): Target {
  const match = SCHEME.exec(target);
  if (!match) return { scheme: undefined, rest: target };
  return { scheme: match[1].toLowerCase(), rest: target.slice(match[0].length) };
}

/** The name in 'indexeddb://name' or 'downloads://name': not empty. */
export function storeName(target: string, rest: string, what: string): string {
  if (rest.length === 0)
    throw new TypeError(`backprop: ${what} needs a name after the scheme, like '${target}my-model'`);
  return rest;
}
