import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The publishable libraries, by folder under libs/. */
export const LIBRARIES = ['spaces', 'cli', 'replay-buffer', 'sac-agent', 'robot-env', 'intervention', 'transport'] as const;
export type Library = (typeof LIBRARIES)[number];

/**
 * Stands in for the public git URL until the project has a public home (docs/dependencies.md,
 * "Publishing"): `.invalid` is a reserved top-level domain, so it cannot point anywhere by accident.
 * The root package.json's `repository.url` is the one place to change; every library must match it.
 */
export const PLACEHOLDER_REPOSITORY_URL = 'git+https://example.invalid/rlpd-ts/rlpd-ts.git';

/** What the root package.json contributes to the check: the license, engines and repository all libraries share. */
export interface RootManifest {
  readonly license?: unknown;
  readonly engines?: { readonly node?: unknown };
  readonly repository?: { readonly url?: unknown };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * The problems of one library's package.json as a publishable npm package, each naming the
 * package and the field: `@rlpd/cli (libs/cli/package.json): repository.directory: expected
 * "libs/cli", got "libs/x"`. Empty when every field is right. `libDir` is the library's folder
 * (to check that `sideEffects` entries name real modules).
 */
export function manifestProblems(lib: Library, manifest: unknown, root: RootManifest, libDir: string): string[] {
  const problems: string[] = [];
  const m = isRecord(manifest) ? manifest : {};
  const label = `${typeof m.name === 'string' ? m.name : `@rlpd/${lib}`} (libs/${lib}/package.json)`;
  const bad = (field: string, problem: string): void => void problems.push(`${label}: ${field}: ${problem}`);

  if (m.name !== `@rlpd/${lib}`) bad('name', `expected "@rlpd/${lib}", got ${show(m.name)}`);
  if (typeof m.version !== 'string' || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(m.version)) bad('version', `expected a semver version, got ${show(m.version)}`);
  if (m.private === true) bad('private', 'a publishable library must not be private');
  if (typeof m.description !== 'string' || m.description.trim().length < 20)
    bad('description', `expected a sentence saying what the library does, got ${show(m.description)}`);
  if (m.type !== 'module') bad('type', `expected "module" (the libraries are ES modules), got ${show(m.type)}`);

  const keywords = m.keywords;
  if (!Array.isArray(keywords) || keywords.length < 3) bad('keywords', `expected at least 3 keywords, got ${show(keywords)}`);
  else if (!keywords.every((k) => typeof k === 'string' && /^[a-z0-9][a-z0-9.-]*$/.test(k)) || new Set(keywords).size !== keywords.length) {
    bad('keywords', `expected distinct lowercase words, got ${show(keywords)}`);
  }

  if (typeof root.license !== 'string') bad('license', 'the root package.json has no license to compare with');
  else if (m.license !== root.license) bad('license', `expected ${show(root.license)} (the root LICENSE), got ${show(m.license)}`);

  const node = isRecord(m.engines) ? m.engines.node : undefined;
  if (typeof node !== 'string') bad('engines.node', `expected the supported Node range, got ${show(node)}`);
  else if (node !== root.engines?.node) bad('engines.node', `expected ${show(root.engines?.node)} (as the root package.json), got ${show(node)}`);

  const repo = isRecord(m.repository) ? m.repository : undefined;
  if (!repo) bad('repository', `expected {"type": "git", "url": ..., "directory": "libs/${lib}"}, got ${show(m.repository)}`);
  else {
    if (repo.type !== 'git') bad('repository.type', `expected "git", got ${show(repo.type)}`);
    if (typeof root.repository?.url !== 'string') bad('repository.url', 'the root package.json has no repository.url to compare with');
    else if (repo.url !== root.repository.url) bad('repository.url', `expected ${show(root.repository.url)} (the root package.json's), got ${show(repo.url)}`);
    if (repo.directory !== `libs/${lib}`) bad('repository.directory', `expected "libs/${lib}", got ${show(repo.directory)}`);
  }

  const dot = isRecord(m.exports) ? m.exports['.'] : undefined;
  if (!isRecord(dot)) bad('exports', `expected {".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"}}, got ${show(m.exports)}`);
  else {
    // TypeScript picks the first matching condition: "types" must come first.
    if (Object.keys(dot)[0] !== 'types') bad('exports["."]', `the "types" condition must come first, got keys ${show(Object.keys(dot))}`);
    if (dot.types !== './dist/index.d.ts') bad('exports["."].types', `expected "./dist/index.d.ts", got ${show(dot.types)}`);
    if (dot.import !== './dist/index.js') bad('exports["."].import', `expected "./dist/index.js", got ${show(dot.import)}`);
  }
  if (m.main !== undefined && m.main !== './dist/index.js') bad('main', `expected "./dist/index.js" (as exports), got ${show(m.main)}`);
  if (m.types !== undefined && m.types !== './dist/index.d.ts') bad('types', `expected "./dist/index.d.ts" (as exports), got ${show(m.types)}`);

  const files = m.files;
  if (!Array.isArray(files) || !files.includes('dist') || !files.includes('README.md'))
    bad('files', `expected a list with "dist" and "README.md", got ${show(files)}`);
  else if (!files.some((f) => typeof f === 'string' && f.startsWith('!') && f.includes('spec')))
    bad('files', `expected an exclusion of compiled specs ("!dist/**/*.spec.*"), got ${show(files)}`);

  const sideEffects = m.sideEffects;
  if (Array.isArray(sideEffects)) {
    if (sideEffects.length === 0) bad('sideEffects', 'an empty list: write false');
    for (const entry of sideEffects) {
      const source = typeof entry === 'string' ? entry.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts') : '';
      if (typeof entry !== 'string' || !entry.startsWith('./dist/') || !existsSync(join(libDir, source))) {
        bad('sideEffects', `${show(entry)} does not name a module of dist/ built from src/`);
      }
    }
  } else if (sideEffects !== false) bad('sideEffects', `expected false, or the list of modules with import-time effects, got ${show(sideEffects)}`);

  const deps = isRecord(m.dependencies) ? m.dependencies : {};
  for (const [name, range] of Object.entries(deps)) {
    if (typeof range !== 'string' || !/^\d+\.\d+\.\d+/.test(range))
      bad(`dependencies["${name}"]`, `expected an exact version (the workspace pins them), got ${show(range)}`);
  }
  return problems;
}
