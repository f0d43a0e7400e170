// backendInfo().runtime: each runtime recognised from the globals it really sets, including the ones that
// imitate Node (Bun's process.versions.node, Deno's and workerd's `process`), faked here one by one.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendInfo } from '../../src/index.js';
import { browserVersion, describeRuntime, detectRuntime } from '../../src/runtime.js';

const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.7000.1 Safari/537.36';

describe('detectRuntime', () => {
  it('names Node from process.versions.node, even with Node 21+ navigator.userAgent', () => {
    expect(
      detectRuntime({ process: { versions: { node: '22.12.0' } }, navigator: { userAgent: 'Node.js/22' } }),
    ).toEqual({ name: 'node', version: '22.12.0' });
  });

  it('names Bun before Node although Bun sets process.versions.node', () => {
    const bun = { process: { versions: { node: '26.3.0', bun: '1.4.0' } }, navigator: { userAgent: 'Bun/1.4.0' } };
    expect(detectRuntime(bun)).toEqual({ name: 'bun', version: '1.4.0' });
    expect(detectRuntime({ Bun: { version: '1.4.1' } })).toEqual({ name: 'bun', version: '1.4.1' });
  });

  it('names Deno from Deno.version.deno although Deno 2 has process', () => {
    const deno = { Deno: { version: { deno: '2.9.0' } }, process: { versions: { node: '22.0.0' } } };
    expect(detectRuntime(deno)).toEqual({ name: 'deno', version: '2.9.0' });
  });

  it('names workerd from its user agent although nodejs_compat gives it process', () => {
    const workerd = { navigator: { userAgent: 'Cloudflare-Workers' }, process: { versions: { node: '22.0.0' } } };
    expect(detectRuntime(workerd)).toEqual({ name: 'workerd', version: 'unknown' });
  });

  it('names a browser (page or Web Worker) with the product and version from the user agent', () => {
    expect(detectRuntime({ navigator: { userAgent: CHROME_UA } })).toEqual({
      name: 'browser',
      version: 'Chrome 156.0.7000.1',
    });
    expect(browserVersion(CHROME_UA.replace('Chrome/', 'HeadlessChrome/'))).toBe('Chrome 156.0.7000.1');
    expect(browserVersion(`${CHROME_UA} Edg/156.0.1.2`)).toBe('Edge 156.0.1.2');
    expect(browserVersion('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe(
      'Firefox 140.0',
    );
    const safari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
    expect(browserVersion(`${safari} Version/18.2 Safari/605.1.15`)).toBe('Safari 18.2');
    expect(browserVersion('SomeEngine')).toBe('SomeEngine');
  });

  it('says unknown when no runtime mark is present, and ignores marks that are not strings', () => {
    expect(detectRuntime({})).toEqual({ name: 'unknown', version: 'unknown' });
    expect(detectRuntime({ Deno: { version: { deno: 2 } }, process: { versions: { bun: '' } } })).toEqual({
      name: 'unknown',
      version: 'unknown',
    });
  });

  it('reads the real globals by default, and backendInfo() carries the result', () => {
    expect(detectRuntime()).toEqual({ name: 'node', version: process.versions.node });
    expect(backendInfo().runtime).toEqual({ name: 'node', version: process.versions.node });
    expect(describeRuntime(backendInfo().runtime)).toBe(`Node ${process.versions.node}`);
    expect(describeRuntime({ name: 'workerd', version: 'unknown' })).toBe('workerd');
  });
});

describe('backprop info', () => {
  const bin = join(import.meta.dirname, '../../bin/backprop.js');
  const firstLine = (preload: string[]): string =>
    execFileSync(process.execPath, [...preload, bin, 'info'], { encoding: 'utf8' }).split('\n')[0];

  it('names Node and V8 under Node', () => {
    expect(firstLine([])).toMatch(
      new RegExp(`^backprop \\S+  \\(Node ${process.versions.node}, V8 ${process.versions.v8}, ${process.platform}-`),
    );
  });

  it('names Bun, not the Node version Bun imitates, when Bun is the runtime (its global, faked before start)', () => {
    const fakeBun = 'data:text/javascript,globalThis.Bun = { version: "1.4.0" };';
    expect(firstLine(['--import', fakeBun])).toMatch(/^backprop \S+ {2}\(Bun 1\.4\.0, JavaScriptCore, /);
  });
});
