import type { Transition } from '@rlpd/spaces';
import { streamTransitionsPickle, streamTransitionsPickleBytes } from './stream-transitions-pickle.js';

/**
 * Parses a hil-serl transitions pickle held in memory into an array. Data-only: globals other
 * than numpy's reconstructors and a few builtins are refused. Errors name `sourceName`, the
 * byte offset or transition index, and what was expected.
 */
export async function parseTransitionsPickle(bytes: Uint8Array, sourceName: string): Promise<Transition[]> {
  const out: Transition[] = [];
  await streamTransitionsPickleBytes(bytes, sourceName, ({ transition }) => out.push(transition));
  return out;
}

/**
 * Reads a whole hil-serl transitions pickle (demos or buffer dumps) into an array. The file is
 * streamed, but the array holds every transition: to fill a buffer use `loadTransitionsPickle`.
 */
export async function readTransitionsPickle(path: string): Promise<Transition[]> {
  const out: Transition[] = [];
  await streamTransitionsPickle(path, ({ transition }) => out.push(transition));
  return out;
}
