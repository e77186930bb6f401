import { crc32 } from 'node:zlib';

/**
 * The journal's on-disk format (pure: no file code). A file starts with the 8-byte magic
 * `RLPDJNL1`; then records follow, each `u32 LE bodyLength | u32 LE crc32(body) | body`.
 * A body is `u8 kind (1 = transitions) | u8 n | actorId (n bytes UTF-8) | u8 m | sessionId
 * (m bytes) | f64 LE seq | payload` where payload is `encodeTransitions`' bytes, as received.
 */
export const JOURNAL_MAGIC = new TextEncoder().encode('RLPDJNL1');
export const RECORD_HEAD_BYTES = 8;
/** A length above this can only be a corrupt head (payloads are limited well below it). */
export const MAX_RECORD_BODY_BYTES = 1024 * 1024 * 1024;
const KIND_TRANSITIONS = 1;

/** One acked batch of one actor session: what the learner replays on resume. */
export interface JournalRecord {
  readonly actorId: string;
  readonly sessionId: string;
  readonly seq: number;
  readonly payload: Uint8Array;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The record as buffers to write in order (head, fields, payload): the payload is not copied. */
export function encodeJournalRecord(record: JournalRecord): Uint8Array[] {
  const actor = utf8.encode(record.actorId);
  const session = utf8.encode(record.sessionId);
  if (actor.length > 255 || session.length > 255)
    throw new RangeError(`journal record: actorId and sessionId must be at most 255 bytes, got ${actor.length} and ${session.length}`);
  if (!Number.isSafeInteger(record.seq) || record.seq < 1) throw new RangeError(`journal record: seq must be a positive integer, got ${record.seq}`);
  const fields = new Uint8Array(1 + 1 + actor.length + 1 + session.length + 8);
  const view = new DataView(fields.buffer);
  let at = 0;
  fields[at++] = KIND_TRANSITIONS;
  fields[at++] = actor.length;
  fields.set(actor, at);
  at += actor.length;
  fields[at++] = session.length;
  fields.set(session, at);
  at += session.length;
  view.setFloat64(at, record.seq, true);
  const bodyLength = fields.length + record.payload.length;
  const head = new Uint8Array(RECORD_HEAD_BYTES);
  const headView = new DataView(head.buffer);
  headView.setUint32(0, bodyLength, true);
  headView.setUint32(4, crc32(record.payload, crc32(fields)), true);
  return [head, fields, record.payload];
}

/** Body length and checksum from a record head. */
export function decodeRecordHead(head: Uint8Array): { bodyLength: number; checksum: number } {
  const view = new DataView(head.buffer, head.byteOffset, RECORD_HEAD_BYTES);
  return { bodyLength: view.getUint32(0, true), checksum: view.getUint32(4, true) };
}

/** True when `body` matches the checksum of its head. */
export function bodyMatches(body: Uint8Array, checksum: number): boolean {
  return crc32(body) === checksum;
}

/** Parses a body whose checksum matched; throws naming the field when its structure is wrong. */
export function decodeJournalBody(body: Uint8Array): JournalRecord {
  let at = 0;
  const need = (n: number, what: string): void => {
    if (at + n > body.length) throw new RangeError(`journal record: body of ${body.length} bytes ends inside ${what}`);
  };
  need(2, 'the kind and actorId length');
  const kind = body[at++];
  if (kind !== KIND_TRANSITIONS) throw new RangeError(`journal record: kind ${kind}, expected ${KIND_TRANSITIONS} (transitions)`);
  const actorLength = body[at++];
  need(actorLength + 1, 'actorId');
  const actorId = fromUtf8.decode(body.subarray(at, at + actorLength));
  at += actorLength;
  const sessionLength = body[at++];
  need(sessionLength + 8, 'sessionId and seq');
  const sessionId = fromUtf8.decode(body.subarray(at, at + sessionLength));
  at += sessionLength;
  const seq = new DataView(body.buffer, body.byteOffset + at, 8).getFloat64(0, true);
  at += 8;
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`journal record: seq ${seq} is not a positive integer`);
  return { actorId, sessionId, seq, payload: body.subarray(at) };
}
