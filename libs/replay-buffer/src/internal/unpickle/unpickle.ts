import { resolveGlobal } from './allowed-globals.js';
import type { ByteSource } from './byte-source.js';
import { OP } from './opcodes.js';
import { isBuildable, PyCallable, PyFloat, tuple } from './python-objects.js';
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
  const machine = new Machine(source, options.onRootItem);
  for (;;) {
    // Synchronous stretches of YIELD_EVERY_BYTES, so a multi-GB load does not freeze the process.
    const result = machine.run(source.offset + YIELD_EVERY_BYTES);
    if (result) return result;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * The unpickler's state and opcode loop. The loop is a synchronous method with one try/catch
 * around it (the async wrapper only yields between stretches): V8 optimises it quickly, where
 * an async function with a try/catch per opcode and closures took ~90 ms per (re)compilation.
 */
class Machine {
  private readonly stack: unknown[] = [];
  private readonly marks: number[] = [];
  private readonly memo: unknown[] = [];
  private rootList: unknown[] | null = null;
  /** Mark depth at which items above the root list are streamed out (-1: not streaming). */
  private streamDepth = -1;
  private itemStart = 0;
  private rootItems = 0;
  /** Offset and code of the opcode being run (for error messages). */
  private opStart = 0;
  private op = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly onRootItem: UnpickleOptions['onRootItem'],
  ) {}

  /** Runs opcodes until STOP (returns the result) or until the offset reaches `limit` (returns null). */
  run(limit: number): UnpickleResult | null {
    const source = this.source;
    try {
      while (source.offset < limit) {
        this.opStart = source.offset;
        this.op = source.u8('an opcode (the pickle has no STOP)');
        if (this.op === OP.STOP) {
          const { stack, marks } = this;
          if (stack.length !== 1 || marks.length !== 0) throw new Error(`STOP with ${stack.length} items and ${marks.length} marks on the stack`);
          return { root: stack[0], rootItems: this.rootItems };
        }
        this.step(this.op);
        if (this.streamDepth === this.marks.length && this.stack.length > 2 && this.onRootItem) {
          // Items below the top of the stack are complete: stream them out now.
          const done = this.stack.splice(1, this.stack.length - 2);
          for (const item of done) this.emit(item, this.itemStart);
          this.itemStart = this.opStart;
        }
      }
      return null;
    } catch (err) {
      if (err instanceof ConsumerError) throw err.inner;
      if (err instanceof UnpickleError) throw err;
      const name = OP_NAMES.get(this.op);
      const message = err instanceof Error ? err.message : String(err);
      throw new UnpickleError(name ? `${name}: ${message}` : message, this.opStart);
    }
  }

  private step(op: number): void {
    const { source, stack } = this;
    switch (op) {
      case OP.FRAME:
        source.u64('FRAME');
        break;
      case OP.PROTO:
        source.u8('PROTO');
        break;
      case OP.MARK: {
        this.marks.push(stack.length);
        if (this.rootList !== null && stack.length === 1 && stack[0] === this.rootList && this.marks.length === 1) {
          this.streamDepth = this.marks.length;
          this.itemStart = source.offset;
        }
        break;
      }
      case OP.POP:
        this.pop();
        break;
      case OP.POP_MARK:
        this.popMark();
        break;
      case OP.DUP:
        stack.push(this.top());
        break;
      case OP.NONE:
        stack.push(null);
        break;
      case OP.NEWTRUE:
        stack.push(true);
        break;
      case OP.NEWFALSE:
        stack.push(false);
        break;
      case OP.BININT:
        stack.push(source.i32('BININT'));
        break;
      case OP.BININT1:
        stack.push(source.u8('BININT1'));
        break;
      case OP.BININT2:
        stack.push(source.u16('BININT2'));
        break;
      case OP.LONG1:
        stack.push(littleEndianInt(source.take(source.u8('LONG1'), 'LONG1')));
        break;
      case OP.LONG4:
        stack.push(littleEndianInt(source.take(source.u32('LONG4'), 'LONG4')));
        break;
      case OP.BINFLOAT: {
        const v = source.f64be('BINFLOAT');
        stack.push(Number.isInteger(v) ? new PyFloat(v) : v);
        break;
      }
      case OP.SHORT_BINUNICODE:
        stack.push(this.text(source.u8('SHORT_BINUNICODE'), 'SHORT_BINUNICODE'));
        break;
      case OP.BINUNICODE:
        stack.push(this.text(source.u32('BINUNICODE'), 'BINUNICODE'));
        break;
      case OP.BINUNICODE8:
        stack.push(this.text(source.u64('BINUNICODE8'), 'BINUNICODE8'));
        break;
      case OP.SHORT_BINSTRING:
        stack.push(latin1.decode(source.peekTake(source.u8('SHORT_BINSTRING'), 'SHORT_BINSTRING')));
        break;
      case OP.BINSTRING:
        stack.push(latin1.decode(source.peekTake(source.u32('BINSTRING'), 'BINSTRING')));
        break;
      case OP.SHORT_BINBYTES:
        stack.push(source.payload(source.u8('SHORT_BINBYTES'), 'SHORT_BINBYTES'));
        break;
      case OP.BINBYTES:
        stack.push(source.payload(source.u32('BINBYTES'), 'BINBYTES'));
        break;
      case OP.BINBYTES8:
        stack.push(source.payload(source.u64('BINBYTES8'), 'BINBYTES8'));
        break;
      case OP.BYTEARRAY8:
        stack.push(source.payload(source.u64('BYTEARRAY8'), 'BYTEARRAY8'));
        break;
      case OP.NEXT_BUFFER:
        throw new Error('out-of-band buffers (pickle protocol 5 buffer_callback) are not supported: pickle without buffer_callback');
      case OP.READONLY_BUFFER:
        break;
      case OP.EMPTY_LIST: {
        const list: unknown[] = [];
        if (this.rootList === null && stack.length === 0) this.rootList = list;
        stack.push(list);
        break;
      }
      case OP.LIST:
        stack.push(this.popMark());
        break;
      case OP.APPEND: {
        const item = this.pop();
        this.appendTo(this.top(), [item], this.itemStart);
        break;
      }
      case OP.APPENDS: {
        const items = this.popMark();
        this.appendTo(this.top(), items, this.itemStart);
        break;
      }
      case OP.EMPTY_TUPLE:
        stack.push(tuple([]));
        break;
      case OP.TUPLE:
        stack.push(tuple(this.popMark()));
        break;
      case OP.TUPLE1:
        stack.push(tuple([this.pop()]));
        break;
      case OP.TUPLE2: {
        const b = this.pop();
        stack.push(tuple([this.pop(), b]));
        break;
      }
      case OP.TUPLE3: {
        const c = this.pop();
        const b = this.pop();
        stack.push(tuple([this.pop(), b, c]));
        break;
      }
      case OP.EMPTY_DICT:
        stack.push(new Map());
        break;
      case OP.DICT: {
        const dict = new Map();
        setItems(dict, this.popMark());
        stack.push(dict);
        break;
      }
      case OP.SETITEM: {
        const value = this.pop();
        const key = this.pop();
        setItems(this.top(), [key, value]);
        break;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        setItems(this.top(), items);
        break;
      }
      case OP.EMPTY_SET:
        stack.push(new Set());
        break;
      case OP.ADDITEMS: {
        const items = this.popMark();
        const set = this.top();
        if (!(set instanceof Set)) throw new Error('ADDITEMS on something that is not a set');
        for (const item of items) set.add(item);
        break;
      }
      case OP.FROZENSET:
        stack.push(new Set(this.popMark()));
        break;
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
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new Error('STACK_GLOBAL needs two strings');
        stack.push(resolveGlobal(module, name));
        break;
      }
      case OP.REDUCE: {
        const args = this.pop();
        const callable = this.pop();
        if (!(callable instanceof PyCallable)) throw new Error('REDUCE on something that is not an allowed global');
        if (!Array.isArray(args)) throw new Error(`REDUCE of ${callable.qualifiedName} without an argument tuple`);
        try {
          stack.push(callable.call(args));
        } catch (err) {
          throw new Error(`${callable.qualifiedName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        break;
      }
      case OP.BUILD: {
        const state = this.pop();
        const target = this.top();
        if (!isBuildable(target)) throw new Error('BUILD is only allowed on numpy arrays and dtypes');
        target.setState(state);
        break;
      }
      case OP.PUT:
        this.putMemo(Number(readLine(source)));
        break;
      case OP.BINPUT:
        this.putMemo(source.u8('BINPUT'));
        break;
      case OP.LONG_BINPUT:
        this.putMemo(source.u32('LONG_BINPUT'));
        break;
      case OP.MEMOIZE:
        this.putMemo(this.memo.length);
        break;
      case OP.GET:
        this.getMemo(Number(readLine(source)));
        break;
      case OP.BINGET:
        this.getMemo(source.u8('BINGET'));
        break;
      case OP.LONG_BINGET:
        this.getMemo(source.u32('LONG_BINGET'));
        break;
      default: {
        const name = OP_NAMES.get(op);
        throw new Error(
          `unsupported opcode 0x${op.toString(16).padStart(2, '0')}${name ? ` (${name})` : ''}: expected a pickle of protocol 2-5 holding plain data`,
        );
      }
    }
  }

  private pop(): unknown {
    const { stack, marks } = this;
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1])) throw new Error('stack underflow');
    return stack.pop();
  }

  private top(): unknown {
    const stack = this.stack;
    if (stack.length === 0) throw new Error('stack underflow');
    return stack[stack.length - 1];
  }

  private popMark(): unknown[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw new Error('no MARK on the stack');
    if (this.streamDepth > this.marks.length) this.streamDepth = -1;
    return this.stack.splice(mark);
  }

  private emit(item: unknown, start: number): void {
    try {
      this.onRootItem?.(item, this.rootItems, start);
    } catch (err) {
      throw new ConsumerError(err);
    }
    this.rootItems++;
  }

  private appendTo(list: unknown, items: unknown[], start: number): void {
    if (!Array.isArray(list) || Object.isFrozen(list)) throw new Error('APPEND(S) on something that is not a list');
    if (list === this.rootList && this.onRootItem) {
      for (const item of items) this.emit(item, start);
    } else {
      for (const item of items) list.push(item);
    }
  }

  private text(n: number, what: string): string {
    try {
      return utf8.decode(this.source.peekTake(n, what));
    } catch (err) {
      if (err instanceof UnpickleError) throw err;
      throw new Error(`${what}: invalid UTF-8`, { cause: err });
    }
  }

  private getMemo(index: number): void {
    const memo = this.memo;
    if (index >= memo.length || !(index in memo)) throw new Error(`memo index ${index} was never stored`);
    this.stack.push(memo[index]);
  }

  private putMemo(index: number): void {
    this.memo[index] = this.top();
  }
}

function setItems(dict: unknown, items: unknown[]): void {
  if (!(dict instanceof Map)) throw new Error('SETITEM(S) on something that is not a dict');
  if (items.length % 2 !== 0) throw new Error('SETITEMS with an odd number of items');
  for (let i = 0; i < items.length; i += 2) {
    const key = items[i];
    if (typeof key === 'object' && key !== null) throw new Error('dict keys must be str, int, float, bool or None');
    dict.set(key, items[i + 1]);
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
