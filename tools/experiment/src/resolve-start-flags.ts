import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Flags } from './grid-schema.js';
import { flagsToArgs, type ResolveFlags, type ResolvedFlags } from './plan.js';

/**
 * npm start's own resolution of flags: `node tools/start/dist/main.js <flags> --print-config`
 * prints its validated configuration with every default filled in, so a run's identity
 * covers the defaults too and a bad flag fails with npm start's own message.
 */
export function createStartResolver(root: string): ResolveFlags {
  const cache = new Map<string, Promise<ResolvedFlags>>();
  return (flags: Flags) => {
    const args = [...flagsToArgs(flags), '--print-config'];
    const key = JSON.stringify(args);
    let resolved = cache.get(key);
    if (resolved === undefined) {
      resolved = new Promise<ResolvedFlags>((resolve, reject) => {
        execFile(process.execPath, [join(root, 'tools/start/dist/main.js'), ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
          if (error) {
            reject(new Error(stderr.trim() || error.message));
            return;
          }
          try {
            const value: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
            if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
            resolve(value as ResolvedFlags);
          } catch (parseError) {
            reject(new Error(`npm start --print-config printed no JSON object: ${stdout.slice(0, 200)}`, { cause: parseError }));
          }
        });
      });
      cache.set(key, resolved);
    }
    return resolved;
  };
}
