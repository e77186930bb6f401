import { defineConfig } from 'vitest/config';

// Specs only: `*.test.ts` files are test helpers (excluded from the build too).
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // Several specs start python3 + numpy (about a second each alone, several on a loaded
    // 2-core machine): vitest's 5 s default per test is too short there.
    testTimeout: 60_000,
  },
});
