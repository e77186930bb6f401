#!/usr/bin/env node
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The least a loader can spend on reading a file, in a fresh process like the pickle load:
 * `node read-floor-child.js FILE fresh` reads it whole into newly allocated memory (what a
 * loader that keeps every byte, like python's pickle.load, must at least do), `window` reads it
 * through one reused 4 MB buffer (what a streaming reader pays before storing anything).
 * Prints the milliseconds.
 */
const [path, mode] = process.argv.slice(2);
const fd = openSync(path, 'r');
const size = fstatSync(fd).size;
const started = performance.now();
const target = new Uint8Array(mode === 'fresh' ? size : Math.min(size, 4 << 20));
for (let done = 0; done < size; ) {
  const at = mode === 'fresh' ? done : 0;
  const got = readSync(fd, target, at, Math.min(size - done, target.length - at, 1 << 30), done);
  if (got <= 0) throw new Error(`read-floor-child: short read at ${done}`);
  done += got;
}
closeSync(fd);
process.stdout.write(`${performance.now() - started}\n`);
