import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
