import { defineConfig } from 'vitest/config';

// Specs only: `*.test.ts` files are test helpers (excluded from the build too).
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
  },
});
