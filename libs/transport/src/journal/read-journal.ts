import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import type { TransportLogger } from '../logger.js';
import {
  bodyMatches,
  decodeJournalBody,
  decodeRecordHead,
  JOURNAL_MAGIC,
  MAX_RECORD_BODY_BYTES,
  RECORD_HEAD_BYTES,
  type JournalRecord,
} from './journal-record.js';

/** What `readJournal` found. */
export interface JournalReport {
  /** Complete, checksummed records visited. */
  readonly records: number;
  /** Bytes up to the end of the last good record: appending continues here. */
  readonly validBytes: number;
  /** Bytes after it (a torn or corrupt tail), ignored. */
  readonly ignoredBytes: number;
}

/**
 * Visits every complete record of the journal at `path` in order. Reading stops at the first
 * record that is cut short or whose checksum does not match (a crash mid-write): that tail is
 * ignored with a warning, and everything before it is kept. A missing file has no records.
 */
export function readJournal(path: string, visit: (record: JournalRecord) => void, logger: TransportLogger): JournalReport {
  if (!existsSync(path)) return { records: 0, validBytes: 0, ignoredBytes: 0 };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (at: number, length: number): Uint8Array => {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, at + done);
        if (n === 0) break;
        done += n;
      }
      return done === length ? out : out.subarray(0, done);
    };
    if (size < JOURNAL_MAGIC.length) {
      if (size > 0) logger.warn('journal: ignoring a file shorter than its header (crash while creating it)', { path, bytes: size });
      return { records: 0, validBytes: 0, ignoredBytes: size };
    }
    const magic = read(0, JOURNAL_MAGIC.length);
    if (!magic.every((b, i) => b === JOURNAL_MAGIC[i])) {
      throw new Error(`${path}: not an rlpd journal (expected the header 'RLPDJNL1', found ${JSON.stringify(new TextDecoder().decode(magic))})`);
    }
    let at = JOURNAL_MAGIC.length;
    let records = 0;
    let problem: string | null = null;
    while (at < size) {
      if (size - at < RECORD_HEAD_BYTES) {
        problem = `a record head cut short (${size - at} of ${RECORD_HEAD_BYTES} bytes)`;
        break;
      }
      const { bodyLength, checksum } = decodeRecordHead(read(at, RECORD_HEAD_BYTES));
      if (bodyLength > MAX_RECORD_BODY_BYTES) {
        problem = `a record length of ${bodyLength} bytes, above the ${MAX_RECORD_BODY_BYTES} possible`;
        break;
      }
      if (size - at - RECORD_HEAD_BYTES < bodyLength) {
        problem = `a record cut short (${size - at - RECORD_HEAD_BYTES} of ${bodyLength} body bytes)`;
        break;
      }
      const body = read(at + RECORD_HEAD_BYTES, bodyLength);
      if (!bodyMatches(body, checksum)) {
        problem = `a record whose checksum does not match`;
        break;
      }
      visit(decodeJournalBody(body));
      records++;
      at += RECORD_HEAD_BYTES + bodyLength;
    }
    if (problem !== null) {
      logger.warn(`journal: ignoring a torn or corrupt tail: ${problem}; the ${records} records before it are kept`, {
        path,
        atByte: at,
        ignoredBytes: size - at,
      });
    }
    return { records, validBytes: at, ignoredBytes: size - at };
  } finally {
    closeSync(fd);
  }
}
