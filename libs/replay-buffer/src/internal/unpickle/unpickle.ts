import { resolveGlobal } from './allowed-globals.js';
import type { ByteSource } from './byte-source.js';
import { OP } from './opcodes.js';
import { isBuildable, PyCallable, tuple } from './python-objects.js';
import { UnpickleError } from './unpickle-error.js';

export interface UnpickleOptions {
  /**
   * Receives each item of a top-level list as soon as it is complete (with its index and the
   * byte offset where it starts); the list itself is then left empty, so a file of any size is
   * converted item by item without its object graph staying alive.
   */
  readonly onRootItem?: (item: unknown, index: number, offset: number) => void;
}

export interface UnpickleResult {
  readonly root: unknown;
  /** Items passed to `onRootItem`. */
  readonly rootItems: number;
}

const OP_NAMES = new Map<number, string>(Object.entries(OP).map(([name, code]) => [code, name]));
/** Bytes parsed between yields to the event loop (so a multi-GB load does not freeze the process). */
const YIELD_EVERY_BYTES = 64 << 20;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** An error thrown by `onRootItem`, passed through unchanged. */
class ConsumerError {
  constructor(readonly inner: unknown) {}
}

function littleEndianInt(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) value -= 1n << BigInt(bytes.length * 8);
  const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
  return safe ? Number(value) : value;
}

/**
 * A data-only unpickler for protocols 2-5 reading from a `ByteSource`: Python containers and
 * scalars, bytes/bytearray, and globals only from the allow-list (numpy reconstructors and a few
 * builtins). Out-of-band buffers (NEXT_BUFFER) and object construction (NEWOBJ, INST, OBJ) are
 * refused. Errors are `UnpickleError`s carrying the byte offset of the failing opcode.
 */
export async function unpickle(source: ByteSource, options: UnpickleOptions = {}): Promise<UnpickleResult> {
  if (source.size === 0) throw new UnpickleError('empty file, expected a pickle (protocol 2-5)', 0);
  const first = source.u8('PROTO');
  if (first !== OP.PROTO) {
    throw new UnpickleError(`not a pickle: starts with 0x${first.toString(16).padStart(2, '0')}, expected PROTO (0x80) of protocol 2-5`, 0);
  }
  const protocol = source.u8('PROTO');
  if (protocol < 2 || protocol > 5) throw new UnpickleError(`unsupported pickle protocol ${protocol}, expected 2-5`, 1);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo: unknown[] = [];
  const { onRootItem } = options;
  let rootList: unknown[] | null = null;
  /** Mark depth at which items above the root list are streamed out (-1: not streaming). */
  let streamDepth = -1;
  let itemStart = 0;
  let rootItems = 0;
  let nextYield = YIELD_EVERY_BYTES;

  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1])) throw new Error('stack underflow');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new Error('stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const mark = marks.pop();
    if (mark === undefined) throw new Error('no MARK on the stack');
    if (streamDepth > marks.length) streamDepth = -1;
    return stack.splice(mark);
  };
  const emit = (item: unknown, start: number): void => {
    try {
      onRootItem?.(item, rootItems, start);
    } catch (err) {
      throw new ConsumerError(err);
    }
    rootItems++;
  };
  const appendTo = (list: unknown, items: unknown[], start: number): void => {
    if (!Array.isArray(list) || Object.isFrozen(list)) throw new Error('APPEND(S) on something that is not a list');
    if (list === rootList && onRootItem) {
      for (const item of items) emit(item, start);
    } else {
      for (const item of items) list.push(item);
    }
  };
  const setItems = (dict: unknown, items: unknown[]): void => {
    if (!(dict instanceof Map)) throw new Error('SETITEM(S) on something that is not a dict');
    if (items.length % 2 !== 0) throw new Error('SETITEMS with an odd number of items');
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i];
      if (typeof key === 'object' && key !== null) throw new Error('dict keys must be str, int, float, bool or None');
      dict.set(key, items[i + 1]);
    }
  };
  const text = (n: number, what: string): string => {
    try {
      return utf8.decode(source.peekTake(n, what));
    } catch (err) {
      if (err instanceof UnpickleError) throw err;
      throw new Error(`${what}: invalid UTF-8`);
    }
  };
  const getMemo = (index: number): void => {
    if (index >= memo.length || !(index in memo)) throw new Error(`memo index ${index} was never stored`);
    stack.push(memo[index]);
  };
  const putMemo = (index: number): void => {
    memo[index] = top();
  };

  for (;;) {
    const opStart = source.offset;
    if (opStart >= nextYield) {
      nextYield = opStart + YIELD_EVERY_BYTES;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const op = source.u8('an opcode (the pickle has no STOP)');
    try {
      switch (op) {
        case OP.STOP: {
          if (stack.length !== 1 || marks.length !== 0) throw new Error(`STOP with ${stack.length} items and ${marks.length} marks on the stack`);
          return { root: stack[0], rootItems };
        }
        case OP.FRAME: source.u64('FRAME'); break;
        case OP.PROTO: source.u8('PROTO'); break;
        case OP.MARK: {
          marks.push(stack.length);
          if (rootList !== null && stack.length === 1 && stack[0] === rootList && marks.length === 1) {
            streamDepth = marks.length;
            itemStart = source.offset;
          }
          break;
        }
        case OP.POP: pop(); break;
        case OP.POP_MARK: popMark(); break;
        case OP.DUP: stack.push(top()); break;
        case OP.NONE: stack.push(null); break;
        case OP.NEWTRUE: stack.push(true); break;
        case OP.NEWFALSE: stack.push(false); break;
        case OP.BININT: stack.push(source.i32('BININT')); break;
        case OP.BININT1: stack.push(source.u8('BININT1')); break;
        case OP.BININT2: stack.push(source.u16('BININT2')); break;
        case OP.LONG1: stack.push(littleEndianInt(source.take(source.u8('LONG1'), 'LONG1'))); break;
        case OP.LONG4: stack.push(littleEndianInt(source.take(source.u32('LONG4'), 'LONG4'))); break;
        case OP.BINFLOAT: stack.push(source.f64be('BINFLOAT')); break;
        case OP.SHORT_BINUNICODE: stack.push(text(source.u8('SHORT_BINUNICODE'), 'SHORT_BINUNICODE')); break;
        case OP.BINUNICODE: stack.push(text(source.u32('BINUNICODE'), 'BINUNICODE')); break;
        case OP.BINUNICODE8: stack.push(text(source.u64('BINUNICODE8'), 'BINUNICODE8')); break;
        case OP.SHORT_BINSTRING: stack.push(latin1.decode(source.peekTake(source.u8('SHORT_BINSTRING'), 'SHORT_BINSTRING'))); break;
        case OP.BINSTRING: stack.push(latin1.decode(source.peekTake(source.u32('BINSTRING'), 'BINSTRING'))); break;
        case OP.SHORT_BINBYTES: stack.push(source.payload(source.u8('SHORT_BINBYTES'), 'SHORT_BINBYTES')); break;
        case OP.BINBYTES: stack.push(source.payload(source.u32('BINBYTES'), 'BINBYTES')); break;
        case OP.BINBYTES8: stack.push(source.payload(source.u64('BINBYTES8'), 'BINBYTES8')); break;
        case OP.BYTEARRAY8: stack.push(source.payload(source.u64('BYTEARRAY8'), 'BYTEARRAY8')); break;
        case OP.NEXT_BUFFER: throw new Error('out-of-band buffers (pickle protocol 5 buffer_callback) are not supported: pickle without buffer_callback');
        case OP.READONLY_BUFFER: break;
        case OP.EMPTY_LIST: {
          const list: unknown[] = [];
          if (rootList === null && stack.length === 0) rootList = list;
          stack.push(list);
          break;
        }
        case OP.LIST: stack.push(popMark()); break;
        case OP.APPEND: { const item = pop(); appendTo(top(), [item], itemStart); break; }
        case OP.APPENDS: { const items = popMark(); appendTo(top(), items, itemStart); break; }
        case OP.EMPTY_TUPLE: stack.push(tuple([])); break;
        case OP.TUPLE: stack.push(tuple(popMark())); break;
        case OP.TUPLE1: stack.push(tuple([pop()])); break;
        case OP.TUPLE2: { const b = pop(); stack.push(tuple([pop(), b])); break; }
        case OP.TUPLE3: { const c = pop(); const b = pop(); stack.push(tuple([pop(), b, c])); break; }
        case OP.EMPTY_DICT: stack.push(new Map()); break;
        case OP.DICT: { const dict = new Map(); setItems(dict, popMark()); stack.push(dict); break; }
        case OP.SETITEM: { const value = pop(); const key = pop(); setItems(top(), [key, value]); break; }
        case OP.SETITEMS: { const items = popMark(); setItems(top(), items); break; }
        case OP.EMPTY_SET: stack.push(new Set()); break;
        case OP.ADDITEMS: {
          const items = popMark();
          const set = top();
          if (!(set instanceof Set)) throw new Error('ADDITEMS on something that is not a set');
          for (const item of items) set.add(item);
          break;
        }
        case OP.FROZENSET: stack.push(new Set(popMark())); break;
        case OP.GLOBAL: {
          const line = (): string => {
            const chars: number[] = [];
            for (let c = source.u8('GLOBAL'); c !== 0x0a; c = source.u8('GLOBAL')) {
              chars.push(c);
              if (chars.length > 256) throw new Error('GLOBAL name longer than 256 bytes');
            }
            return String.fromCharCode(...chars);
          };
          const module = line();
          stack.push(resolveGlobal(module, line()));
          break;
        }
        case OP.STACK_GLOBAL: {
          const name = pop();
          const module = pop();
          if (typeof module !== 'string' || typeof name !== 'string') throw new Error('STACK_GLOBAL needs two strings');
          stack.push(resolveGlobal(module, name));
          break;
        }
        case OP.REDUCE: {
          const args = pop();
          const callable = pop();
          if (!(callable instanceof PyCallable)) throw new Error('REDUCE on something that is not an allowed global');
          if (!Array.isArray(args)) throw new Error(`REDUCE of ${callable.qualifiedName} without an argument tuple`);
          try {
            stack.push(callable.call(args));
          } catch (err) {
            throw new Error(`${callable.qualifiedName}: ${err instanceof Error ? err.message : String(err)}`);
          }
          break;
        }
        case OP.BUILD: {
          const state = pop();
          const target = top();
          if (!isBuildable(target)) throw new Error('BUILD is only allowed on numpy arrays and dtypes');
          target.setState(state);
          break;
        }
        case OP.PUT: putMemo(Number(readLine(source))); break;
        case OP.BINPUT: putMemo(source.u8('BINPUT')); break;
        case OP.LONG_BINPUT: putMemo(source.u32('LONG_BINPUT')); break;
        case OP.MEMOIZE: putMemo(memo.length); break;
        case OP.GET: getMemo(Number(readLine(source))); break;
        case OP.BINGET: getMemo(source.u8('BINGET')); break;
        case OP.LONG_BINGET: getMemo(source.u32('LONG_BINGET')); break;
        default: {
          const name = OP_NAMES.get(op);
          throw new Error(`unsupported opcode 0x${op.toString(16).padStart(2, '0')}${name ? ` (${name})` : ''}: expected a pickle of protocol 2-5 holding plain data`);
        }
      }
      if (streamDepth === marks.length && stack.length > 2 && onRootItem) {
        // Items below the top of the stack are complete: stream them out now.
        const done = stack.splice(1, stack.length - 2);
        for (const item of done) emit(item, itemStart);
        itemStart = opStart;
      }
    } catch (err) {
      if (err instanceof ConsumerError) throw err.inner;
      if (err instanceof UnpickleError) throw err;
      const name = OP_NAMES.get(op);
      const message = err instanceof Error ? err.message : String(err);
      throw new UnpickleError(name ? `${name}: ${message}` : message, opStart);
    }
  }
}

/** A decimal argument of the text opcodes PUT/GET (newline-terminated). */
function readLine(source: ByteSource): string {
  let out = '';
  for (let c = source.u8('a text argument'); c !== 0x0a; c = source.u8('a text argument')) {
    out += String.fromCharCode(c);
    if (out.length > 20) throw new Error('text argument too long');
  }
  return out;
}

