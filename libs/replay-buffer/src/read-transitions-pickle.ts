import { readFile } from 'node:fs/promises';
import type { Transition } from '@rlpd/spaces';
import { Parser } from 'pickleparser';
import { createNumpyRegistry } from './internal/numpy-registry.js';
import { transitionFromPython } from './internal/transition-from-python.js';
import { describePython } from './internal/python-value.js';

const PROTO = 0x80;

/**
 * Parses a hil-serl transitions pickle (a list of transition dicts, protocol 2-5, numpy 1.x or
 * 2.x) held in memory. Data-only: any global other than numpy's array, dtype and scalar
 * reconstructors is refused. Errors name `sourceName`, the transition index and the key.
 */
export function parseTransitionsPickle(bytes: Uint8Array, sourceName: string): Transition[] {
  if (bytes.length < 2 || bytes[0] !== PROTO || bytes[1] < 2) {
    throw new Error(`${sourceName}: not a pickle of protocol 2 or later (hil-serl files start with 0x80 0x04)`);
  }
  const parser = new Parser({ nameResolver: createNumpyRegistry(), unpicklingTypeOfDictionary: 'Map' });
  let root: unknown;
  try {
    root = parser.parse<unknown>(bytes);
  } catch (err) {
    throw new Error(`${sourceName}: cannot unpickle: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!Array.isArray(root)) throw new Error(`${sourceName}: expected a list of transitions, got ${describePython(root)}`);
  return root.map((item: unknown, index) =>
    transitionFromPython(item, (key, problem) => {
      throw new Error(`${sourceName}: transition ${index}: '${key}': ${problem}`);
    }),
  );
}

/** Reads a hil-serl transitions pickle (demos or buffer dumps) from disk. */
export async function readTransitionsPickle(path: string): Promise<Transition[]> {
  const bytes = await readFile(path);
  return parseTransitionsPickle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}
