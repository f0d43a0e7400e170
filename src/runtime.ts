// Which JavaScript runtime the package runs in, read from the globals each one sets. Platform neutral: the
// browser entry uses it too. The order matters because runtimes imitate Node: Bun sets
// process.versions.node to the Node version it is compatible with, Deno 2 and Cloudflare's workerd (with
// the nodejs_compat flag) define `process` as well. So Bun, Deno and workerd are recognised first, by what
// only they have, and Node last.

/** The runtimes backendInfo().runtime can name; `unknown` when none of their marks is present. */
export type RuntimeName = 'node' | 'deno' | 'bun' | 'workerd' | 'browser' | 'unknown';

/** The JavaScript runtime in use, as backendInfo() reports it. */
export interface RuntimeInfo {
  /** node, deno, bun, workerd (Cloudflare Workers), browser (a page or a Web Worker), or unknown. */
  readonly name: RuntimeName;
  /**
   * Its version: Node's, Deno's or Bun's own; for a browser the product and version from the user agent
   * (`Chrome 156.0.0.0`); `unknown` where the runtime does not expose one (workerd does not).
   */
  readonly version: string;
}

/** The globals the detection reads (all optional: each runtime has only some of them). */
export interface RuntimeGlobals {
  Bun?: { version?: unknown };
  Deno?: { version?: { deno?: unknown } };
  process?: { versions?: { node?: unknown; bun?: unknown } };
  navigator?: { userAgent?: unknown };
}

// Browser user agents name several products ("... Chrome/156.0 Safari/537.36 Edg/156.0"): the most
// specific first. Safari gives its own version as Version/x.
const BROWSERS: readonly [label: string, pattern: RegExp][] = [
  ['Edge', /\bEdg\/([\d.]+)/],
  ['Opera', /\bOPR\/([\d.]+)/],
  ['Firefox', /\bFirefox\/([\d.]+)/],
  ['Chrome', /\b(?:Headless)?Chrome\/([\d.]+)/],
  ['Safari', /\bVersion\/([\d.]+).*\bSafari\//],
];

/** The browser and its version from a user-agent string, or the whole string when no product matches. */
export function browserVersion(userAgent: string): string {
  for (const [label, pattern] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) return `${label} ${match[1]}`;
  }
  return userAgent || 'unknown';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Names the runtime from its globals (default: this one's). */
export function detectRuntime(scope: RuntimeGlobals = globalThis as RuntimeGlobals): RuntimeInfo {
  const bun = text(scope.process?.versions?.bun) ?? text(scope.Bun?.version);
  if (bun) return { name: 'bun', version: bun };
  const deno = text(scope.Deno?.version?.deno);
  if (deno) return { name: 'deno', version: deno };
  const userAgent = text(scope.navigator?.userAgent);
  if (userAgent === 'Cloudflare-Workers') return { name: 'workerd', version: 'unknown' };
  const node = text(scope.process?.versions?.node);
  if (node) return { name: 'node', version: node };
  if (userAgent) return { name: 'browser', version: browserVersion(userAgent) };
  return { name: 'unknown', version: 'unknown' };
}

/** `Node 20.20.2`, `Bun 1.4.0`, `workerd`: the runtime's name as people write it, with its version if known. */
export function describeRuntime(runtime: RuntimeInfo): string {
  const names: Record<RuntimeName, string> = {
    node: 'Node',
    deno: 'Deno',
    bun: 'Bun',
    workerd: 'workerd',
    browser: 'browser',
    unknown: 'an unknown runtime',
  };
  return runtime.version === 'unknown' ? names[runtime.name] : `${names[runtime.name]} ${runtime.version}`;
}
