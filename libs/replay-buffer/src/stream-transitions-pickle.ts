import type { Transition } from '@rlpd/spaces';
import { FieldConsistency } from './internal/field-consistency.js';
import { pickleLayoutOf } from './internal/pickle-layout-of.js';
import { describePython, releaseArrays, type StoredField } from './internal/python-value.js';
import { transitionFromPython } from './internal/transition-from-python.js';
import { ByteSource } from './internal/unpickle/byte-source.js';
import { unpickle } from './internal/unpickle/unpickle.js';
import { UnpickleError } from './internal/unpickle/unpickle-error.js';
import type { PickleLayout } from './pickle-layout.js';

export type { StoredField } from './internal/python-value.js';

/** One transition of a pickle, delivered as soon as it has been parsed. */
export interface PickledTransition {
  /** 0-based position in the file's list. */
  readonly index: number;
  /** Byte offset where the transition starts in the file. */
  readonly offset: number;
  /** Arrays are views of freshly read bytes (not shared with anything else); copy or insert them. */
  readonly transition: Transition;
  /** Shape and dtype of every field as stored, e.g. `observations.state` -> `{shape: [1, 19], dtype: 'float32'}`. */
  readonly stored: Readonly<Record<string, StoredField>>;
  /**
   * Byte offset in the file of each uint8 observation array whose elements are stored there
   * as-is, C order (`observations.wrist` -> 81234): a viewer re-reads one camera frame with a
   * single positioned read instead of parsing the file again. Arrays that need conversion
   * (bool, Fortran order, protocol 2's latin-1 strings) are absent.
   */
  readonly sourceOffsets: Readonly<Record<string, number>>;
  /** The file's layout (transition 0's; every transition matches it): give it to the writer to write the same layout back. */
  readonly layout: PickleLayout;
}

export type TransitionVisitor = (t: PickledTransition) => void;

/**
 * Parses a hil-serl transitions pickle (protocol 2-5, numpy 1.x or 2.x) from `source` and hands
 * each transition to `visit` as soon as it is complete; the parsed objects are dropped after,
 * so files larger than memory allows to hold twice (and beyond Node's 2 GiB readFile limit)
 * stream through. Every transition's observation and action layout must match transition 0's.
 * Errors are one line: `<name>: byte <offset>: ...` or `<name>: transition <i> (byte <offset>): ...`.
 */
async function streamFrom(source: ByteSource, visit: TransitionVisitor, itemTemplates = true): Promise<number> {
  const name = source.name;
  const consistency = new FieldConsistency();
  let layout: PickleLayout | null = null;
  try {
    const { root, rootItems } = await unpickle(source, {
      itemTemplates,
      onRootItem: (item, index, offset) => {
        // Error prefixes are built only on failure (this runs for every transition).
        const where = (): string => `${name}: transition ${index} (byte ${offset})`;
        const { transition, stored, sourceOffsets, checkedFields } = transitionFromPython(item, (key, problem) => {
          throw new Error(`${where()}: '${key}': ${problem}`);
        });
        const mismatch = consistency.check(stored, checkedFields);
        if (mismatch) throw new Error(`${where()}: ${mismatch}`);
        layout ??= pickleLayoutOf(item);
        visit({ index, offset, transition, stored, sourceOffsets, layout });
        releaseArrays(item);
      },
    });
    if (!Array.isArray(root)) throw new Error(`${name}: expected a list of transition dicts, got ${describePython(root)}`);
    return rootItems;
  } catch (err) {
    if (err instanceof UnpickleError) throw new Error(`${name}: ${err.message}`, { cause: err });
    throw err;
  } finally {
    source.close();
  }
}

/** Streams the transitions of the pickle file at `path` (any size) to `visit`; returns how many there were. */
export async function streamTransitionsPickle(path: string, visit: TransitionVisitor): Promise<number> {
  return streamFrom(ByteSource.openFile(path), visit);
}

/**
 * Like `streamTransitionsPickle`, but the transition's arrays may be views of the reader's
 * window, valid only during `visit` (which must copy what it keeps, as `ReplayBuffer.insert`
 * does). Saves a copy and an allocation per array (internal: used by `loadTransitionsPickle`).
 */
export async function streamTransitionsPickleTransient(path: string, visit: TransitionVisitor, windowBytes?: number): Promise<number> {
  return streamFrom(ByteSource.openFile(path, { transientPayloads: true, windowBytes }), visit);
}

/** Like `streamTransitionsPickle`, from bytes in memory; `sourceName` prefixes errors. */
export async function streamTransitionsPickleBytes(bytes: Uint8Array, sourceName: string, visit: TransitionVisitor): Promise<number> {
  return streamFrom(ByteSource.fromBytes(bytes, sourceName), visit);
}

/**
 * Like `streamTransitionsPickleBytes`, choosing whether repeated transitions are rebuilt from a
 * template (internal: tests compare both paths).
 */
export async function streamTransitionsPickleBytesWith(
  bytes: Uint8Array,
  sourceName: string,
  visit: TransitionVisitor,
  itemTemplates: boolean,
): Promise<number> {
  return streamFrom(ByteSource.fromBytes(bytes, sourceName), visit, itemTemplates);
}
