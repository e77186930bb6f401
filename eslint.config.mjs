// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { boundaryConfigs } from './tools/boundaries/eslint-boundaries.mjs';

/** Node globals the plain .mjs scripts use (TypeScript files get theirs from @types/node). */
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setImmediate', 'performance'].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['**/dist/**', '**/node_modules/**', 'runs/**', 'demos/**', '.nx/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // `typeof import('x')` stays allowed: it types a module loaded lazily with import().
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: nodeGlobals } },
  boundaryConfigs(import.meta.dirname),
);
