// @ts-check
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * ESLint configs that enforce the workspace's module boundaries with `no-restricted-imports`,
 * from each project's Nx tags (package.json `nx.tags`) and `rules.json`: a library imports only
 * the libraries its scope allows, nothing imports an app or a tool, and a library is imported
 * only through its entry (`@rlpd/name`, never `@rlpd/name/...`). The boundaries spec checks the
 * same rules (and dynamic `import()`s, which ESLint's rule does not see).
 * @param {string} root the workspace root
 * @returns {import('eslint').Linter.Config[]}
 */
export function boundaryConfigs(root) {
  /** @type {Record<string, string[]>} */
  const allowed = JSON.parse(readFileSync(join(root, 'tools/boundaries/rules.json'), 'utf8'));
  const projects = ['libs', 'apps', 'tools'].flatMap((group) =>
    readdirSync(join(root, group))
      .filter((dir) => existsSync(join(root, group, dir, 'package.json')))
      .map((dir) => {
        const pkg = JSON.parse(readFileSync(join(root, group, dir, 'package.json'), 'utf8'));
        /** @type {string[]} */
        const tags = pkg.nx?.tags ?? [];
        return { folder: `${group}/${dir}`, packageName: String(pkg.name), name: String(pkg.nx?.name ?? dir), tags };
      }),
  );
  const libraries = projects.filter((p) => p.tags.includes('type:lib'));
  return projects.map((project) => {
    const scope = project.tags.find((t) => t.startsWith('scope:')) ?? '';
    const isLib = project.tags.includes('type:lib');
    const mayImport = new Set(isLib ? (allowed[scope] ?? []) : libraries.map((l) => l.name));
    const forbidden = projects.filter((p) => p !== project && !(p.tags.includes('type:lib') && mayImport.has(p.name)));
    const why = isLib ? `a ${scope} library may import only [${[...mayImport].join(', ')}] (tools/boundaries/rules.json)` : 'apps and tools are never imported';
    return {
      name: `rlpd/boundaries/${project.name}`,
      files: [`${project.folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: forbidden.map((p) => ({
              name: p.packageName,
              message: `${project.folder}: ${p.tags.includes('type:lib') ? why : 'apps and tools are never imported'}.`,
            })),
            patterns: [{ group: ['@rlpd/*/*'], message: 'import a library through its entry (@rlpd/<name>), not a path inside it.' }],
          },
        ],
      },
    };
  });
}
