import { NumpyArray } from '../numpy-array.js';
import type { ByteSource } from './byte-source.js';
import { OP } from './opcodes.js';
import { PyBytes, PyFloat } from './python-objects.js';

/**
 * The fast path for the repeated items of a streamed list (a demo's transitions): after the
 * generic machine has parsed an item, `ItemRecorder` turns it into an `ItemTemplate` — the
 * item's opcode bytes, which of them may vary (array payload contents, and the float, int and
 * bool values stored directly in its dicts) and how to rebuild the item's objects. A later item
 * whose bytes equal the template's everywhere else (FRAME opcodes may sit anywhere) is built
 * from the template without running the opcode machine. Whatever the generic machine would
 * build from those bytes, the template builds: same dicts in the same order, same numpy arrays
 * over the same payload bytes, same memo entries. Anything else is refused when recording
 * (memo writes other than MEMOIZE, references to objects the item built itself through the
 * memo, objects other than dicts, tuples, arrays and bytes built inside the item), and an item
 * that differs anywhere goes to the generic machine.
 */

/** Opcode kinds in a template. */
const FIXED = 0;
const PAYLOAD = 1;
const FLOAT = 2;
const BOOL = 3;
const INT1 = 4;
const INT2 = 5;
const INT4 = 6;

/** Node kinds of the rebuild recipe (built children first). */
const N_CONST = 0;
const N_SLOT = 1;
const N_TUPLE = 2;
const N_MAP = 3;
const N_ARRAY = 4;

interface RecipeNode {
  readonly kind: number;
  /** N_CONST: the value; N_ARRAY: [dtype, shape, fortranOrder]. */
  readonly value: unknown;
  /** N_SLOT: template op index; N_ARRAY: node index of its payload. */
  readonly ref: number;
  /** N_TUPLE: child node indexes; N_MAP: key, value node index pairs flattened. */
  readonly children: readonly unknown[];
}

/** Opcodes that push one value and pop nothing. */
const PURE_PUSH = new Set<number>([
  OP.EMPTY_DICT,
  OP.SHORT_BINUNICODE,
  OP.BINUNICODE,
  OP.BINGET,
  OP.LONG_BINGET,
  OP.BININT,
  OP.BININT1,
  OP.BININT2,
  OP.BINFLOAT,
  OP.NEWTRUE,
  OP.NEWFALSE,
  OP.NONE,
  OP.EMPTY_TUPLE,
  OP.SHORT_BINBYTES,
  OP.BINBYTES,
  OP.BINBYTES8,
  OP.BYTEARRAY8,
  OP.GLOBAL,
]);
/** Opcodes a template may hold (everything else makes the item not templatable): the pure pushes and these. */
const ALLOWED = new Set<number>([
  ...PURE_PUSH,
  OP.MARK,
  OP.SETITEM,
  OP.SETITEMS,
  OP.TUPLE,
  OP.TUPLE1,
  OP.TUPLE2,
  OP.TUPLE3,
  OP.REDUCE,
  OP.BUILD,
  OP.READONLY_BUFFER,
  OP.MEMOIZE,
  OP.FRAME,
  OP.STACK_GLOBAL,
]);
/** Opcodes whose pushed object is built by the item. */
const CREATES = new Set<number>([
  OP.EMPTY_DICT,
  OP.EMPTY_TUPLE,
  OP.TUPLE,
  OP.TUPLE1,
  OP.TUPLE2,
  OP.TUPLE3,
  OP.REDUCE,
  OP.SHORT_BINBYTES,
  OP.BINBYTES,
  OP.BINBYTES8,
  OP.BYTEARRAY8,
  OP.BINFLOAT,
]);

function scalarKind(op: number): number {
  switch (op) {
    case OP.BINFLOAT:
      return FLOAT;
    case OP.NEWTRUE:
    case OP.NEWFALSE:
      return BOOL;
    case OP.BININT1:
      return INT1;
    case OP.BININT2:
      return INT2;
    case OP.BININT:
      return INT4;
    default:
      return FIXED;
  }
}

/** Bytes of a payload opcode's header (opcode and length). */
function payloadHeader(op: number): number {
  return op === OP.SHORT_BINBYTES ? 2 : op === OP.BINBYTES ? 5 : op === OP.BINBYTES8 || op === OP.BYTEARRAY8 ? 9 : 0;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/**
 * Watches the generic machine parse one item (from the item's EMPTY_DICT to the opcode after
 * it) and, if the item qualifies, builds its template. Hooks run only while recording.
 */
export class ItemRecorder {
  valid = true;
  item: Map<unknown, unknown> | null = null;
  private readonly opStarts: number[] = [];
  private readonly opCodes: number[] = [];
  /** Template op index (into opStarts) that pushed each stack slot's value, for scalars; -1 otherwise. */
  private prov: number[] = [];
  private lenBefore = 0;
  private readonly created = new Set<unknown>();
  /** Op index of each payload's PyBytes. */
  private readonly payloadOps = new Map<unknown, number>();
  /** Per dict built by the item: key -> op index of the scalar stored there (-1: not a scalar slot). */
  private readonly leafSlots = new Map<unknown, Map<unknown, number>>();
  private readonly memoTargets: unknown[] = [];
  private readonly gets: number[] = [];
  private readonly getValues: unknown[] = [];
  /** Index of the first opcode the template cannot hold (the opcode ending the item may be one). */
  private badAt = Infinity;

  constructor(
    readonly start: number,
    private readonly memoLengthAtStart: number,
  ) {}

  /** Before each opcode (the stack as the opcode finds it). */
  before(opStart: number, op: number, stack: readonly unknown[], marks: readonly number[]): void {
    if (!this.valid) return;
    this.opStarts.push(opStart);
    this.opCodes.push(op);
    this.lenBefore = stack.length;
    if (!ALLOWED.has(op)) {
      this.badAt = Math.min(this.badAt, this.opCodes.length - 1);
      return;
    }
    if (op === OP.SETITEM || op === OP.SETITEMS) {
      const from = op === OP.SETITEM ? stack.length - 2 : marks.length > 0 ? marks[marks.length - 1] : -1;
      const dict = from >= 1 ? stack[from - 1] : undefined;
      if (!this.created.has(dict) || !(dict instanceof Map)) {
        this.valid = false;
        return;
      }
      let slots = this.leafSlots.get(dict);
      if (slots === undefined) this.leafSlots.set(dict, (slots = new Map()));
      for (let i = from; i + 1 < stack.length; i += 2) slots.set(stack[i], this.prov[i + 1] ?? -1);
    } else if (op === OP.BUILD) {
      if (!(stack[stack.length - 2] instanceof NumpyArray) || !this.created.has(stack[stack.length - 2])) this.valid = false;
    }
  }

  /** After each opcode (and after the machine streamed out the previous item). */
  after(stack: readonly unknown[]): void {
    if (!this.valid) return;
    const index = this.opCodes.length - 1;
    const op = this.opCodes[index];
    const top = stack[stack.length - 1];
    if (index === 0) {
      // The item's own EMPTY_DICT: the item now sits at stack[1], on top.
      if (op !== OP.EMPTY_DICT || stack.length !== 2 || !(top instanceof Map)) {
        this.valid = false;
        return;
      }
      this.item = top;
      this.created.add(top);
      this.prov = [-1, -1];
      return;
    }
    const n = stack.length;
    if (PURE_PUSH.has(op) && n === this.lenBefore + 1) {
      this.prov.length = n;
      this.prov[n - 1] = scalarKind(op) !== FIXED ? index : -1;
    } else {
      this.prov.length = Math.max(0, n - 1);
      if (n > 0) this.prov[n - 1] = -1;
    }
    if (n < 2) this.valid = false; // popped below the item
    if (CREATES.has(op) && !isPrimitive(top)) this.created.add(top);
    if (payloadHeader(op) > 0) this.payloadOps.set(top, index);
    if (op === OP.MEMOIZE) this.memoTargets.push(top);
    if (op === OP.BINGET || op === OP.LONG_BINGET) {
      // The memo index is read back from the recorded bytes by `finish`.
      this.gets.push(index);
      this.getValues.push(top);
    }
  }

  /** Builds the template once the item is complete: its bytes end at `end`. */
  finish(end: number, source: ByteSource, memo: readonly unknown[]): ItemTemplate | null {
    const starts = this.opStarts;
    let ops = starts.length;
    while (ops > 0 && starts[ops - 1] >= end) ops--;
    if (!this.valid || this.item === null || ops === 0 || this.badAt < ops) return null;
    const length = end - this.start;
    const bytes = source.reread(this.start, length);
    const kinds: number[] = [];
    const opStart: number[] = [];
    const opLength: number[] = [];
    const opIndexOf = new Map<number, number>();
    for (let i = 0; i < ops; i++) {
      const op = this.opCodes[i];
      if (op === OP.FRAME) continue;
      opIndexOf.set(i, kinds.length);
      opStart.push(starts[i] - this.start);
      opLength.push((i + 1 < ops ? starts[i + 1] : end) - starts[i]);
      kinds.push(FIXED);
    }
    // The memo entries the item reads must be ones that existed before it, and stay the same objects.
    const getIndexes: number[] = [];
    const getValues: unknown[] = [];
    for (let g = 0; g < this.gets.length; g++) {
      const at = starts[this.gets[g]] - this.start;
      const op = bytes[at];
      const memoIndex = op === OP.BINGET ? bytes[at + 1] : bytes[at + 1] | (bytes[at + 2] << 8) | (bytes[at + 3] << 16) | (bytes[at + 4] * 2 ** 24);
      if (memoIndex >= this.memoLengthAtStart || memo[memoIndex] !== this.getValues[g]) return null;
      getIndexes.push(memoIndex);
      getValues.push(this.getValues[g]);
    }
    const nodes: RecipeNode[] = [];
    const nodeOf = new Map<unknown, number>();
    let ok = true;
    const add = (node: RecipeNode): number => nodes.push(node) - 1;
    const slotNode = (op: number): number => {
      const t = opIndexOf.get(op);
      if (t === undefined) {
        ok = false;
        return -1;
      }
      const code = this.opCodes[op];
      kinds[t] = payloadHeader(code) > 0 ? PAYLOAD : scalarKind(code);
      if (kinds[t] === FIXED) ok = false;
      return add({ kind: N_SLOT, value: null, ref: t, children: [] });
    };
    const visit = (value: unknown, depth: number): number => {
      if (!ok) return -1;
      if (depth > 16) {
        ok = false;
        return -1;
      }
      const known = nodeOf.get(value);
      if (known !== undefined) return known;
      let node: number;
      if (isPrimitive(value) || !this.created.has(value)) node = add({ kind: N_CONST, value, ref: -1, children: [] });
      else if (value instanceof PyBytes) {
        const op = this.payloadOps.get(value);
        node = op === undefined ? ((ok = false), -1) : slotNode(op);
      } else if (value instanceof PyFloat) node = add({ kind: N_CONST, value, ref: -1, children: [] });
      else if (Array.isArray(value) && Object.isFrozen(value)) {
        const children = value.map((v) => visit(v, depth + 1));
        node = add({ kind: N_TUPLE, value: null, ref: -1, children });
      } else if (value instanceof Map) {
        const slots = this.leafSlots.get(value);
        const children: unknown[] = [];
        for (const [key, v] of value) {
          if (!isPrimitive(key)) ok = false;
          const slot = slots?.get(key) ?? -1;
          children.push(key, slot >= 0 ? slotNode(slot) : visit(v, depth + 1));
        }
        node = add({ kind: N_MAP, value: null, ref: -1, children });
      } else if (value instanceof NumpyArray) {
        const data = value.payload;
        if (value.dtype === null || data === null || this.created.has(value.dtype)) ok = false;
        const dataNode = visit(data, depth + 1);
        const shapeNode = visit(value.shape, depth + 1);
        node = add({ kind: N_ARRAY, value: [value.dtype, value.fortranOrder], ref: dataNode, children: [shapeNode] });
      } else {
        ok = false;
        return -1;
      }
      nodeOf.set(value, node);
      return node;
    };
    const root = visit(this.item, 0);
    const memoNodes = this.memoTargets.map((target) => visit(target, 0));
    if (!ok) return null;
    return new ItemTemplate(bytes, Int32Array.from(opStart), Int32Array.from(opLength), Int8Array.from(kinds), nodes, root, memoNodes, getIndexes, getValues);
  }
}

/** A recorded item: its bytes, which of them vary, and how to rebuild its objects. */
export class ItemTemplate {
  /** Source offset of each op's start in the item being matched (filled by `match`). */
  private readonly at: Float64Array;
  /** Value of each slot op of the item being built. */
  private readonly slotValues: unknown[];
  private readonly values: unknown[];

  constructor(
    readonly bytes: Uint8Array,
    private readonly opStart: Int32Array,
    private readonly opLength: Int32Array,
    private readonly kinds: Int8Array,
    private readonly nodes: readonly RecipeNode[],
    private readonly root: number,
    private readonly memoNodes: readonly number[],
    private readonly getIndexes: readonly number[],
    private readonly getValues: readonly unknown[],
  ) {
    this.at = new Float64Array(opStart.length);
    this.slotValues = new Array<unknown>(opStart.length).fill(null);
    this.values = new Array<unknown>(nodes.length).fill(null);
  }

  /**
   * True when the bytes at the source's position are an item this template rebuilds exactly
   * (the source does not move; the bytes must all be in its window).
   */
  match(source: ByteSource, memo: readonly unknown[]): boolean {
    // Cheap rejection first: the item's first opcode (a FRAME may come before it).
    const first = source.windowBytes[source.windowPos];
    if (source.windowPos < source.windowEnd && first !== this.bytes[0] && first !== OP.FRAME) return false;
    const getIndexes = this.getIndexes;
    for (let g = 0; g < getIndexes.length; g++) if (memo[getIndexes[g]] !== this.getValues[g]) return false;
    const want = this.bytes.length;
    const available = source.ensureAhead(want + 256);
    if (available < want) return false;
    const win = source.windowBytes;
    const base = source.windowPos;
    const end = base + available;
    const t = this.bytes;
    const { opStart, opLength, kinds, at } = this;
    let p = base;
    for (let i = 0; i < kinds.length; i++) {
      // FRAME opcodes may sit between any two opcodes (protocol 4 frames at 64 KB boundaries).
      while (p < end && win[p] === OP.FRAME) {
        if (p + 9 > end || win[p + 8] !== 0 || win[p + 7] > 0x1f) return false;
        p += 9;
      }
      const s = opStart[i];
      const n = opLength[i];
      if (p + n > end) return false;
      const kind = kinds[i];
      at[i] = p - base;
      if (kind === FIXED) {
        for (let k = 0; k < n; k++) if (win[p + k] !== t[s + k]) return false;
      } else if (kind === PAYLOAD) {
        const header = payloadHeader(t[s]);
        for (let k = 0; k < header; k++) if (win[p + k] !== t[s + k]) return false;
      } else if (kind === BOOL) {
        if (win[p] !== OP.NEWTRUE && win[p] !== OP.NEWFALSE) return false;
      } else if (win[p] !== t[s]) return false;
      p += n;
    }
    this.matchedLength = p - base;
    this.firstOpAt = at[0];
    return true;
  }

  /** Bytes of the last matched item. */
  matchedLength = 0;
  /** Bytes of FRAME opcodes before the last matched item's first opcode (the item starts after them). */
  firstOpAt = 0;

  /**
   * Consumes the matched item from `source` and returns it (call right after `match`),
   * pushing its memo entries onto `memo` as its MEMOIZE opcodes would.
   */
  build(source: ByteSource, memo: unknown[]): Map<unknown, unknown> {
    const { kinds, opLength, at, slotValues, bytes, opStart } = this;
    const start = source.offset;
    const view = source.windowView;
    const base = source.windowPos;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      if (kind === FIXED) continue;
      const p = base + at[i];
      switch (kind) {
        case PAYLOAD: {
          const header = payloadHeader(bytes[opStart[i]]);
          source.skipTo(start + at[i] + header);
          slotValues[i] = source.payload(opLength[i] - header, 'BINBYTES');
          break;
        }
        case FLOAT: {
          const v = view.getFloat64(p + 1, false);
          slotValues[i] = Number.isInteger(v) ? new PyFloat(v) : v;
          break;
        }
        case BOOL:
          slotValues[i] = view.getUint8(p) === OP.NEWTRUE;
          break;
        case INT1:
          slotValues[i] = view.getUint8(p + 1);
          break;
        case INT2:
          slotValues[i] = view.getUint16(p + 1, true);
          break;
        default:
          slotValues[i] = view.getInt32(p + 1, true);
      }
    }
    source.skipTo(start + this.matchedLength);
    const { nodes, values } = this;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      switch (node.kind) {
        case N_CONST:
          values[i] = node.value;
          break;
        case N_SLOT:
          values[i] = slotValues[node.ref];
          break;
        case N_TUPLE:
          values[i] = Object.freeze(node.children.map((c) => values[c as number]));
          break;
        case N_MAP: {
          const map = new Map<unknown, unknown>();
          const children = node.children;
          for (let c = 0; c < children.length; c += 2) map.set(children[c], values[children[c + 1] as number]);
          values[i] = map;
          break;
        }
        default: {
          const [dtype, fortran] = node.value as [NumpyArray['dtype'], boolean];
          values[i] = NumpyArray.fromBuffer(
            values[node.ref] as PyBytes,
            dtype as NonNullable<NumpyArray['dtype']>,
            values[node.children[0] as number] as number[],
            fortran,
          );
        }
      }
    }
    for (const m of this.memoNodes) memo.push(values[m]);
    const item = values[this.root] as Map<unknown, unknown>;
    values.fill(null);
    slotValues.fill(null);
    return item;
  }
}
