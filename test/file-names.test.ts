// One file-naming style: every TypeScript and JavaScript file of the repository is named in kebab-case
// (lowercase words joined by hyphens, as csv-tokenizer.ts), so a reader never guesses between two styles.
// C++ files keep the snake_case of their language (native/isa_avx2.cc).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*\.(ts|mts|cts|js|mjs|cjs)$/;

describe('file names', () => {
  it('are kebab-case for every TypeScript and JavaScript file git tracks', () => {
    const root = new URL('..', import.meta.url);
    const listed = execFileSync('git', ['ls-files', '*.ts', '*.mts', '*.cts', '*.js', '*.mjs', '*.cjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    const files = listed.split('\n').filter((f) => f !== '');
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.filter((f) => !KEBAB.test(f.split('/').pop()!));
    expect(offenders).toEqual([]);
  });

  it('the rule tells the styles apart', () => {
    for (const good of ['csv-tokenizer.ts', 'index.ts', 'train-mlp.d.ts', 'isa-matrix.ts', 'ts-hooks.mjs'])
      expect(KEBAB.test(good), good).toBe(true);
    for (const bad of ['earlyStopping.ts', 'Layer.ts', 'torch_mlp.js', 'terminateOnNaN.ts'])
      expect(KEBAB.test(bad), bad).toBe(false);
  });
});
