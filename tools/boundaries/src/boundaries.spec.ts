import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allowedLibImports } from './rules.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Project {
  readonly folder: string;
  readonly name: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly string[];
}

function projects(): Project[] {
  return ['libs', 'apps', 'tools'].flatMap((group) =>
    readdirSync(join(root, group))
      .filter((dir) => existsSync(join(root, group, dir, 'package.json')))
      .map((dir) => {
        const folder = join(group, dir);
        const pkg = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as {
          nx: { name: string; tags?: string[] };
          dependencies?: Record<string, string>;
        };
        return { folder, name: pkg.nx.name, tags: pkg.nx.tags ?? [], dependencies: Object.keys(pkg.dependencies ?? {}) };
      }),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `@rlpd/x` package names imported by a project's sources (static and dynamic imports). */
function importedWorkspacePackages(project: Project): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(join(root, project.folder, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()\s*['"](@rlpd\/[a-z-]+)['"]/g)) {
      found.set(match[1], file.slice(root.length + 1));
    }
  }
  return found;
}

describe('workspace boundaries', () => {
  const all = projects();
  const byPackage = new Map(all.map((p) => [`@rlpd/${p.name}`, p]));

  it('gives every project a type tag, and every library a scope with rules', () => {
    for (const p of all) {
      const type = p.tags.find((t) => t.startsWith('type:'));
      expect(type, `${p.folder}/package.json: nx.tags needs a type:* tag`).toBeDefined();
      if (type === 'type:lib') {
        const scope = p.tags.find((t) => t.startsWith('scope:'));
        expect(scope && scope in allowedLibImports, `${p.folder}: scope tag ${scope} has no rule in tools/boundaries/src/rules.ts`).toBe(true);
      }
    }
  });

  for (const project of all) {
    it(`${project.folder} imports only what its tags allow, and declares it`, () => {
      const type = project.tags.find((t) => t.startsWith('type:'));
      const scope = project.tags.find((t) => t.startsWith('scope:')) ?? '';
      for (const [pkg, file] of importedWorkspacePackages(project)) {
        const target = byPackage.get(pkg);
        expect(target, `${file} imports ${pkg}, which is not a workspace project`).toBeDefined();
        if (!target) continue;
        expect(target.tags, `${file} imports ${pkg}: apps and tools are never imported`).toContain('type:lib');
        if (type === 'type:lib') {
          expect(allowedLibImports[scope], `${file}: a ${scope} library may not import ${pkg}`).toContain(target.name);
        }
        expect(project.dependencies, `${file} imports ${pkg}, missing from ${project.folder}/package.json dependencies`).toContain(pkg);
      }
    });
  }
});
