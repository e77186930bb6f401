import { readFileSync } from 'node:fs';

/**
 * The workspace's dependency rules (ARCHITECTURE.md, STYLE.md item 9), keyed by Nx tags:
 * a project tagged `type:app` or `type:tool` may import libraries; a `type:lib` may import
 * only the libraries listed for its scope; nothing imports an app or a tool. The table is
 * `tools/boundaries/rules.json`, which the ESLint boundary rule (eslint-boundaries.mjs) reads too.
 */
export const allowedLibImports: Readonly<Record<string, readonly string[]>> = parseRules(readFileSync(new URL('../rules.json', import.meta.url), 'utf8'));

function parseRules(text: string): Record<string, string[]> {
  const value: unknown = JSON.parse(text);
  const valid =
    typeof value === 'object' && value !== null && Object.values(value).every((libs) => Array.isArray(libs) && libs.every((lib) => typeof lib === 'string'));
  if (!valid) throw new Error('tools/boundaries/rules.json: expected {"scope:<name>": ["<library>", ...], ...}');
  return value as Record<string, string[]>;
}
