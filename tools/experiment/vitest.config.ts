import { defineConfig } from 'vitest/config';

// Only specs: *.test.ts files are helpers shared by specs.
export default defineConfig({ test: { include: ['src/**/*.spec.ts'] } });
