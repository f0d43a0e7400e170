import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // forks: the native addon loads in child processes; each test file gets a fresh backend state.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
