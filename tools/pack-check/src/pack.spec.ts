import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bareImports } from './bare-imports.js';
import { consumerDependencies, consumerLockfile, type PackedLibrary } from './consumer-lock.js';
import { LIBRARIES } from './manifest-problems.js';
import { firstTsBlock } from './readme-example.js';

// Every library is packed with `npm pack` and installed from its tarball (with the tarballs of
// the @rlpd libraries it depends on) into one scratch project outside the workspace, offline,
// from the npm cache the workspace's `npm ci` filled. There each README's first ```ts block,
// as packed, must type-check against the packed declarations and run. (manifest.spec.ts checks
// the npm metadata fields; the schema here only types what this file uses.)

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'rlpd-pack-'));
const consumer = join(scratch, 'consumer');
// Removing the scratch install (thousands of files) can take longer than the default 10 s hook limit on a loaded machine.
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 120_000);

const manifestSchema = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string().min(20),
  license: z.string(),
  type: z.literal('module'),
  exports: z.object({ '.': z.object({ types: z.literal('./dist/index.d.ts'), import: z.literal('./dist/index.js') }) }),
  files: z.array(z.string()).min(1),
  engines: z.object({ node: z.string() }),
  repository: z.object({ type: z.literal('git'), url: z.string(), directory: z.string() }),
  keywords: z.array(z.string()).min(2),
  sideEffects: z.union([z.boolean(), z.array(z.string()).min(1)]),
  dependencies: z.record(z.string()).default({}),
  optionalDependencies: z.record(z.string()).optional(),
  peerDependencies: z.record(z.string()).optional(),
});
type Manifest = z.infer<typeof manifestSchema>;
const manifests = new Map<string, Manifest>(
  LIBRARIES.map((lib) => {
    const file = join(root, 'libs', lib, 'package.json');
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return [lib, parsed.data];
  }),
);

// Child processes run asynchronously: a synchronous npm ci or tsc of a minute blocks the test
// worker's event loop, and vitest then fails the run with "Timeout calling onTaskUpdate".
const npm = async (args: string[], cwd: string): Promise<void> => {
  const r = await run('npm', args, cwd, 600_000, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} (in ${cwd}) failed:\n${r.output}`);
};

beforeAll(async () => {
  // One pack and one install for all libraries keeps CI short.
  await npm(['pack', '--silent', '--pack-destination', scratch, ...LIBRARIES.flatMap((lib) => ['-w', `libs/${lib}`])], root);
  const packed: PackedLibrary[] = LIBRARIES.map((lib) => {
    const m = manifests.get(lib);
    if (!m) throw new Error(`no manifest for ${lib}`);
    return {
      name: m.name,
      folder: `libs/${lib}`,
      tarball: `../${m.name.replace('@', '').replace('/', '-')}-${m.version}.tgz`,
      version: m.version,
      dependencies: m.dependencies,
      optionalDependencies: m.optionalDependencies,
    };
  });
  const lock = readFileSync(join(root, 'package-lock.json'), 'utf8');
  const extras = ['@types/node'];
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({
      name: 'rlpd-pack-check-consumer',
      version: '1.0.0',
      private: true,
      type: 'module',
      dependencies: consumerDependencies(lock, packed, extras),
    }),
  );
  writeFileSync(join(consumer, 'package-lock.json'), consumerLockfile(lock, packed, extras));
  // tfjs-node is optional (its install downloads the TensorFlow library): sac-agent falls back to wasm without it.
  await npm(['ci', '--offline', '--omit=optional'], consumer);
  // The examples as packed (the README inside each tarball).
  mkdirSync(join(consumer, 'examples'));
  for (const lib of LIBRARIES) {
    const readme = join(consumer, 'node_modules', manifests.get(lib)?.name ?? '', 'README.md');
    writeFileSync(join(consumer, 'examples', `${lib}.ts`), firstTsBlock(readFileSync(readme, 'utf8'), readme));
  }
}, 300_000);

describe('every library packs, installs from its tarball and runs its README example', () => {
  it.each(LIBRARIES)('%s: the tarball holds compiled JS, declarations, README and package.json only', (lib) => {
    const m = manifests.get(lib);
    const tarball = readdirSync(scratch).find((f) => m && f === `${m.name.replace('@', '').replace('/', '-')}-${m.version}.tgz`);
    expect(tarball, `tarball of ${lib}`).toBeDefined();
    const listing = execFileSync('tar', ['tzf', join(scratch, tarball ?? '')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).toContain('package/README.md');
    expect(listing.filter((f) => /\.spec\.|\.test\.|^package\/src\//.test(f))).toEqual([]);
  });

  it.each(LIBRARIES)('%s: declares every package its compiled code imports', (lib) => {
    const m = manifests.get(lib);
    const declared = new Set([...Object.keys(m?.dependencies ?? {}), ...Object.keys(m?.optionalDependencies ?? {}), ...Object.keys(m?.peerDependencies ?? {})]);
    const dist = join(consumer, 'node_modules', m?.name ?? '', 'dist');
    const imported = new Set<string>();
    let code = '';
    for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js') && !file.endsWith('.d.ts')) continue;
      const text = readFileSync(join(dist, file), 'utf8');
      for (const name of bareImports(text)) imported.add(name);
      if (file.endsWith('.js')) code += text;
    }
    // Type-only imports live in the .d.ts files; a package loaded by a computed import() is named in a string.
    const used = (name: string): boolean => imported.has(name) || code.includes(`'${name}'`);
    expect(
      [...imported].filter((name) => !declared.has(name)),
      `${lib} imports packages it does not declare`,
    ).toEqual([]);
    expect(
      [...declared].filter((name) => !used(name)),
      `${lib} declares packages it never imports`,
    ).toEqual([]);
  });

  it('the README examples, as packed, type-check against the packed declarations', async () => {
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          types: ['node'],
          skipLibCheck: true,
        },
        include: ['examples/*.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer, 120_000);
    expect(r.status, r.output).toBe(0);
  }, 120_000);

  it.each(LIBRARIES)(
    '%s: the README example runs',
    async (lib) => {
      const source = readFileSync(join(consumer, 'examples', `${lib}.ts`), 'utf8');
      const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      const file = join(consumer, 'examples', `${lib}.mjs`);
      writeFileSync(file, js);
      const r = await run(process.execPath, [file], consumer, 60_000);
      expect(r.status, `${lib} README example:\n${r.output}`).toBe(0);
    },
    90_000,
  );
});

/** Runs a command to completion without blocking the event loop; status null when it was killed (timeout). */
function run(
  command: string,
  args: string[],
  cwd: string,
  timeout: number,
  env: Record<string, string> = {},
): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 64 << 20, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' && !error.killed ? error.code : null;
      done({ status, output: `${stdout}${stderr}${error && status === null ? String(error) : ''}` });
    });
  });
}
