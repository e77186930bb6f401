import { z } from 'zod';

/** The parts of an npm v3 lockfile entry this check reads and copies. */
const lockEntrySchema = z
  .object({
    version: z.string().optional(),
    link: z.boolean().optional(),
    dev: z.boolean().optional(),
    optional: z.boolean().optional(),
    dependencies: z.record(z.string()).optional(),
    optionalDependencies: z.record(z.string()).optional(),
    peerDependencies: z.record(z.string()).optional(),
  })
  .passthrough();
const lockfileSchema = z.object({ lockfileVersion: z.literal(3), packages: z.record(lockEntrySchema) }).passthrough();
type LockEntry = z.infer<typeof lockEntrySchema>;

/** A packed library: its name, its folder in the workspace (`libs/spaces`) and its tarball relative to the consumer. */
export interface PackedLibrary {
  readonly name: string;
  readonly folder: string;
  readonly tarball: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

/** The lockfile path of `name` as Node would find it from lockfile path `from` (`libs/x`, `node_modules/a/node_modules/b`). */
function resolveIn(packages: Readonly<Record<string, LockEntry>>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

/**
 * A package-lock.json for a scratch project that installs `libraries` from their tarballs:
 * every registry package they need (transitively, optional ones included) with the version
 * and integrity of the workspace's own lockfile, so `npm ci --offline` installs from the npm
 * cache that the workspace's `npm ci` filled, without asking the registry for metadata.
 * `extras` are more registry packages for the scratch project itself (e.g. `@types/node`).
 */
export function consumerLockfile(workspaceLockText: string, libraries: readonly PackedLibrary[], extras: readonly string[] = []): string {
  const workspace = lockfileSchema.parse(JSON.parse(workspaceLockText)).packages;
  const ours = new Map(libraries.map((lib) => [lib.name, lib]));
  const out: Record<string, unknown> = {};
  /** Workspace lockfile path -> consumer lockfile path (a library's nested node_modules move under node_modules/@scope/name). */
  const target = (path: string): string => {
    for (const lib of libraries) if (path.startsWith(`${lib.folder}/`)) return `node_modules/${lib.name}/${path.slice(lib.folder.length + 1)}`;
    return path;
  };
  const queue: { from: string; name: string; optional: boolean }[] = [];
  const enqueue = (from: string, deps: Readonly<Record<string, string>> | undefined, optional: boolean): void => {
    for (const name of Object.keys(deps ?? {})) if (!ours.has(name)) queue.push({ from, name, optional });
  };
  for (const lib of libraries) {
    out[`node_modules/${lib.name}`] = {
      version: lib.version,
      resolved: `file:${lib.tarball}`,
      dependencies: lib.dependencies,
      ...(lib.optionalDependencies ? { optionalDependencies: lib.optionalDependencies } : {}),
    };
    enqueue(lib.folder, lib.dependencies, false);
    enqueue(lib.folder, lib.optionalDependencies, true);
  }
  enqueue('', Object.fromEntries(extras.map((name) => [name, ''])), false);
  const seen = new Set<string>();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const path = resolveIn(workspace, next.from, next.name);
    if (path === null) {
      if (next.optional) continue;
      throw new Error(`package-lock.json: ${next.name} (needed from ${next.from || 'the root'}) is not in the workspace lockfile`);
    }
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = workspace[path];
    if (entry.link) throw new Error(`package-lock.json: ${next.name} resolves to a workspace link (${path}); pack it too`);
    const { dev: _dev, ...copied } = entry;
    out[target(path)] = copied;
    enqueue(path, entry.dependencies, next.optional);
    enqueue(path, entry.optionalDependencies, true);
    enqueue(path, entry.peerDependencies, true);
  }
  const root = {
    name: 'rlpd-pack-check-consumer',
    version: '1.0.0',
    dependencies: consumerDependencies(workspaceLockText, libraries, extras),
  };
  return `${JSON.stringify({ name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: { '': root, ...out } }, null, 2)}\n`;
}

/** The scratch project's package.json dependencies: the tarballs, and `extras` at the workspace's versions. */
export function consumerDependencies(workspaceLockText: string, libraries: readonly PackedLibrary[], extras: readonly string[] = []): Record<string, string> {
  const workspace = lockfileSchema.parse(JSON.parse(workspaceLockText)).packages;
  const out: Record<string, string> = Object.fromEntries(libraries.map((lib) => [lib.name, `file:${lib.tarball}`]));
  for (const name of extras) {
    const version = workspace[`node_modules/${name}`]?.version;
    if (version === undefined) throw new Error(`package-lock.json: ${name} is not installed at the workspace root`);
    out[name] = version;
  }
  return out;
}
