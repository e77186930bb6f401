import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIBRARIES, manifestProblems, PLACEHOLDER_REPOSITORY_URL, type RootManifest } from './manifest-problems.js';

// The npm metadata of every library (what a registry and a consumer's tools read): fast, no
// packing. A failure names the package and the field.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const rootManifest = readJson(join(root, 'package.json')) as RootManifest;
const manifest = (lib: string): Record<string, unknown> => readJson(join(root, 'libs', lib, 'package.json'));

describe('library package.json fields', () => {
  it.each(LIBRARIES)('%s: description, exports with types, files, engines, license, repository, keywords, sideEffects', (lib) => {
    expect(manifestProblems(lib, manifest(lib), rootManifest, join(root, 'libs', lib))).toEqual([]);
  });

  it.each(LIBRARIES)('%s: depends on the @rlpd libraries at their current versions', (lib) => {
    const deps = (manifest(lib).dependencies ?? {}) as Record<string, string>;
    const stale = Object.entries(deps)
      .filter(([name]) => name.startsWith('@rlpd/'))
      .filter(([name, version]) => manifest(name.slice('@rlpd/'.length)).version !== version)
      .map(([name, version]) => `@rlpd/${lib}: dependencies["${name}"] is ${version}`);
    expect(stale).toEqual([]);
  });

  it('the repository URL is the documented placeholder until the project has a public home', () => {
    // When the project is published: set the real URL in the root package.json and every library
    // (docs/dependencies.md, "Publishing"), then update PLACEHOLDER_REPOSITORY_URL's test here.
    expect(rootManifest.repository?.url).toBe(PLACEHOLDER_REPOSITORY_URL);
  });

  it('names the package and the field of each problem', () => {
    const broken = {
      ...manifest('cli'),
      repository: { type: 'git', url: 'x', directory: 'libs/other' },
      sideEffects: ['./dist/missing.js'],
      keywords: ['cli'],
    };
    delete (broken as Record<string, unknown>).engines;
    const problems = manifestProblems('cli', broken, rootManifest, join(root, 'libs', 'cli'));
    expect(problems).toEqual([
      '@rlpd/cli (libs/cli/package.json): keywords: expected at least 3 keywords, got ["cli"]',
      '@rlpd/cli (libs/cli/package.json): engines.node: expected the supported Node range, got nothing',
      `@rlpd/cli (libs/cli/package.json): repository.url: expected "${PLACEHOLDER_REPOSITORY_URL}" (the root package.json's), got "x"`,
      '@rlpd/cli (libs/cli/package.json): repository.directory: expected "libs/cli", got "libs/other"',
      '@rlpd/cli (libs/cli/package.json): sideEffects: "./dist/missing.js" does not name a module of dist/ built from src/',
    ]);
  });
});
