import { readFile } from 'node:fs/promises';
import { NumpyArray } from './internal/numpy-array.js';
import { writeNdarray } from './internal/numpy-pickle.js';
import { PickleWriter } from './internal/pickle-writer.js';
import { describePython } from './internal/python-value.js';
import { ByteSource } from './internal/unpickle/byte-source.js';
import { unpickle } from './internal/unpickle/unpickle.js';

/** One array of a tree, by its '/'-joined path (`ResNetBlock_0/Conv_0/kernel`). */
export interface TreeArray {
  readonly shape: number[];
  readonly data: Float32Array;
}

/**
 * Reads a pickle of nested dicts whose leaves are numpy float arrays (e.g. hil-serl's
 * `resnet10_params.pkl`, a Flax parameter tree) into arrays by path, converted to float32.
 * Anything else (a list, a string leaf, an integer array) fails naming its path.
 */
export async function parseArrayTreePickle(bytes: Uint8Array, name: string): Promise<Record<string, TreeArray>> {
  const { root } = await unpickle(ByteSource.fromBytes(bytes, name));
  const out: Record<string, TreeArray> = {};
  const visit = (value: unknown, path: string): void => {
    if (value instanceof Map) {
      for (const [key, child] of value) {
        if (typeof key !== 'string') throw new Error(`${name}: key ${String(key)} under '${path || '(root)'}' is not a str`);
        visit(child, path === '' ? key : `${path}/${key}`);
      }
      return;
    }
    if (value instanceof NumpyArray) {
      if (value.dtype?.kind !== 'f') throw new Error(`${name}: '${path}' is a ${value.describe()}, expected a float array`);
      out[path] = { shape: [...value.shape], data: value.toFloat32() };
      return;
    }
    throw new Error(`${name}: '${path || '(root)'}' is ${describePython(value)}, expected a dict or a numpy float array`);
  };
  visit(root, '');
  return out;
}

/** `parseArrayTreePickle` of a file. */
export async function readArrayTreePickle(path: string): Promise<Record<string, TreeArray>> {
  return parseArrayTreePickle(await readFile(path), path);
}

/** The arrays as a pickle of nested dicts of float32 numpy arrays (the layout `parseArrayTreePickle` reads). */
export function encodeArrayTreePickle(arrays: Readonly<Record<string, TreeArray>>): Uint8Array {
  const root: Map<string, unknown> = new Map();
  for (const [path, array] of Object.entries(arrays)) {
    const parts = path.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let child = node.get(part);
      if (!(child instanceof Map)) {
        child = new Map<string, unknown>();
        node.set(part, child);
      }
      node = child as Map<string, unknown>;
    }
    node.set(parts[parts.length - 1], array);
  }
  const w = new PickleWriter();
  const write = (node: Map<string, unknown>): void => {
    w.emptyDict();
    if (node.size === 0) return;
    w.mark();
    for (const [key, value] of node) {
      w.str(key);
      if (value instanceof Map) write(value as Map<string, unknown>);
      else {
        const { data, shape } = value as TreeArray;
        writeNdarray(w, data, shape);
      }
    }
    w.setItems();
  };
  write(root);
  return w.finish();
}
