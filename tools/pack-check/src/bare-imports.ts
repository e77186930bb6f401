import { builtinModules } from 'node:module';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names: `@scope/name/sub` -> `@scope/name`, `zod/v4` -> `zod`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Packages that compiled ES module source imports (static, re-export and dynamic), without relative paths and Node built-ins. */
export function bareImports(source: string): Set<string> {
  const out = new Set<string>();
  for (const [, specifier] of source.matchAll(SPECIFIER)) {
    if (specifier.startsWith('.') || specifier.startsWith('node:') || BUILTINS.has(specifier)) continue;
    out.add(packageOf(specifier));
  }
  return out;
}
