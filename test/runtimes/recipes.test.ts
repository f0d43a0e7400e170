// docs/runtimes.md shows the code the runtime tests run: every code block marked with a file of this
// repository (an HTML comment naming it just above the block) must be that file's code, word for word
// (the file may have a leading comment the recipe leaves out), and every test the page names must exist.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { packageRoot } from '../../src/package-root.js';

const root = packageRoot();
const page = readFileSync(join(root, 'docs', 'runtimes.md'), 'utf8');

/** The blocks marked `<!-- path -->`, each with the path it names. */
function markedBlocks(markdown: string): { file: string; code: string }[] {
  return [...markdown.matchAll(/<!-- (\S+) -->\n+```\w*\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1], code: m[2] }));
}

test('every marked recipe is the code of the file it names', () => {
  const blocks = markedBlocks(page);
  expect(blocks.map((b) => b.file)).toEqual(
    expect.arrayContaining([
      'test/runtimes/apps/xor.js',
      'test/runtimes/apps/xor.cjs',
      'test/runtimes/apps/browser/train-xor.js',
      'test/runtimes/apps/browser/worker.js',
      'test/runtimes/apps/worker/src/index.js',
    ]),
  );
  for (const { file, code } of blocks) {
    const source = readFileSync(join(root, file), 'utf8');
    expect(source.endsWith(`${code}\n`), `docs/runtimes.md's block for ${file} differs from the file's end`).toBe(true);
  }
});

test('the marker parser sees a block and only a marked one', () => {
  const sample = 'text\n```js\nnot marked\n```\n<!-- a/b.js -->\n```js\nconst a = 1;\n```\n';
  expect(markedBlocks(sample)).toEqual([{ file: 'a/b.js', code: 'const a = 1;' }]);
});

test('every test the page names exists', () => {
  const named = new Set(page.match(/[\w-]+\.test\.ts/g));
  expect(named.size).toBeGreaterThanOrEqual(5);
  for (const file of named) expect(existsSync(join(root, 'test', 'runtimes', file)), file).toBe(true);
});
