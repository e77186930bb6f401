/**
 * Encodes TensorBoard's `Event` protobuf (tensorflow/core/util/event.proto) for the two kinds the
 * learner writes: the file-version header and a summary of scalar values. Only the fields used
 * are encoded: Event{wall_time=1 double, step=2 int64, file_version=3 string, summary=5},
 * Summary{value=1 repeated}, Summary.Value{tag=1 string, simple_value=2 float}.
 */

const encoder = new TextEncoder();

/** Protobuf wire types. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

class ProtoWriter {
  private readonly parts: number[] = [];

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** Non-negative integers up to 2^53 (steps, lengths). */
  varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.parts.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.parts.push(v);
  }

  double(field: number, value: number): void {
    this.key(field, FIXED64);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    this.parts.push(...bytes);
  }

  float(field: number, value: number): void {
    this.key(field, FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.parts.push(...bytes);
  }

  uint(field: number, value: number): void {
    this.key(field, VARINT);
    this.varint(value);
  }

  bytes(field: number, value: Uint8Array): void {
    this.key(field, LENGTH_DELIMITED);
    this.varint(value.length);
    for (const b of value) this.parts.push(b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** The first event of every events file: `file_version: "brain.Event:2"`. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  const event = new ProtoWriter();
  event.double(1, wallTime);
  event.bytes(3, encoder.encode('brain.Event:2'));
  return event.finish();
}

/** An event holding one scalar summary value per entry of `scalars` (tag -> value), at learner `step`. */
export function scalarsEvent(wallTime: number, step: number, scalars: ReadonlyMap<string, number>): Uint8Array {
  if (!Number.isSafeInteger(step) || step < 0) throw new Error(`tensorboard event: step must be an integer >= 0, got ${step}`);
  const summary = new ProtoWriter();
  for (const [tag, value] of scalars) {
    const v = new ProtoWriter();
    v.bytes(1, encoder.encode(tag));
    v.float(2, value);
    summary.bytes(1, v.finish());
  }
  const event = new ProtoWriter();
  event.double(1, wallTime);
  event.uint(2, step);
  event.bytes(5, summary.finish());
  return event.finish();
}
