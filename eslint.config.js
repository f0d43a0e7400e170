// ESLint (flat config) with typescript-eslint: rules that catch defects, not taste; layout is Prettier's.
// `npm run lint` runs it over src, test, bench, scripts and examples, then `prettier --check`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build/',
      'prebuilds/',
      'wasm/',
      'docs/api/',
      'bench/out/',
      'node_modules/',
      // AssemblyScript puts decorators on functions (@inline), which the TypeScript parser rejects
      // ("Decorators are not valid here"); asc itself checks assembly/.
      'assembly/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // == and != convert their operands; `x == null` (null or undefined) is the one idiom kept.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // A leading underscore marks a parameter or binding kept for its position.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Taste, not defects: `f.apply(undefined, arguments)` is how a kernel wrapper avoids allocating an
      // array per call; /a  b/ says two spaces as well as /a {2}b/; tests match terminal escapes on purpose.
      'prefer-spread': 'off',
      'no-regex-spaces': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // Promise mistakes, which need types: a promise nobody awaits loses its rejection, a promise where a
    // boolean or a void callback is expected is always truthy or never awaited, and awaiting a non-promise
    // is a slip. Type information costs time: 16-21 s per run against 9 s without it (wall clock; 24-29 s of
    // CPU against 12 s) on the 2-core development machine, which is affordable; the whole type-checked set
    // is not used (most of its findings here were about `any` and template strings, not defects).
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Runs in a browser page or worker (a browser test's page, the browser demo, the runtime tests' apps).
    files: ['test/browser/**/*.js', 'examples/browser/**/*.js', 'test/runtimes/apps/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
