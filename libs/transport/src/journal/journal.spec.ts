import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransportLogger } from '../logger.js';
import { JOURNAL_MAGIC, type JournalRecord } from './journal-record.js';
import { JournalWriter } from './journal-writer.js';
import { readJournal } from './read-journal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rlpd-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.log');
}
function recordingLogger(): TransportLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) };
}
const record = (seq: number, bytes = 100): JournalRecord => ({
  actorId: 'actor-0',
  sessionId: 'session-é',
  seq,
  payload: Uint8Array.from({ length: bytes }, (_, i) => (i * 7 + seq) & 255),
});
function readAll(path: string): { records: JournalRecord[]; warnings: string[]; validBytes: number; ignoredBytes: number } {
  const records: JournalRecord[] = [];
  const logger = recordingLogger();
  const report = readJournal(path, (r) => records.push({ ...r, payload: r.payload.slice() }), logger);
  expect(report.records).toBe(records.length);
  return { records, warnings: logger.warnings, validBytes: report.validBytes, ignoredBytes: report.ignoredBytes };
}
async function writeRecords(path: string, seqs: number[], fsync: 'batch' | 'interval' | 'none' = 'batch'): Promise<number[]> {
  const writer = JournalWriter.open(path, 0, { fsync, fsyncIntervalMs: 5 });
  const ends: number[] = [];
  const durable = seqs.map((seq) => {
    const p = writer.append(record(seq));
    ends.push(writer.bytes);
    return p;
  });
  await Promise.all(durable);
  await writer.close();
  return ends;
}

describe('journal', () => {
  it.each(['batch', 'interval', 'none'] as const)('reads back every record in order (fsync %s)', async (fsync) => {
    const path = journalPath();
    await writeRecords(path, [1, 2, 3], fsync);
    const { records, warnings, ignoredBytes } = readAll(path);
    expect(records).toEqual([record(1), record(2), record(3)]);
    expect(warnings).toEqual([]);
    expect(ignoredBytes).toBe(0);
    expect(readFileSync(path).subarray(0, 8)).toEqual(Buffer.from(JOURNAL_MAGIC));
  });

  it('group-commits: appends made while an fsync runs all resolve, in order', async () => {
    const path = journalPath();
    const writer = JournalWriter.open(path, 0);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer.append(record(i + 1, 10)).then(() => order.push(i + 1))));
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await writer.close();
    expect(readAll(path).records.map((r) => r.seq)).toEqual(order);
  });

  it('ignores a torn tail (crash mid-write) with a log line, keeps what is before it, and appends after it', async () => {
    const path = journalPath();
    const ends = await writeRecords(path, [1, 2, 3]);
    for (const cut of [ends[1] + 3, ends[1] + 8 + 20, ends[2] - 1]) {
      const copy = `${path}.${cut}`;
      writeFileSync(copy, readFileSync(path).subarray(0, cut));
      const { records, warnings, validBytes, ignoredBytes } = readAll(copy);
      expect(records.map((r) => r.seq)).toEqual([1, 2]);
      expect(validBytes).toBe(ends[1]);
      expect(ignoredBytes).toBe(cut - ends[1]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/journal: ignoring a torn or corrupt tail: a record (head )?cut short .*; the 2 records before it are kept/);
    }
    // The next run cuts the torn tail off and appends after the good records.
    truncateSync(path, ends[2] - 5);
    const { validBytes } = readAll(path);
    const writer = JournalWriter.open(path, validBytes);
    await writer.append(record(3));
    await writer.close();
    expect(statSync(path).size).toBe(ends[2]);
    const again = readAll(path);
    expect(again.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(again.warnings).toEqual([]);
  });

  it('stops at a record whose checksum does not match (a flipped byte) and says so', async () => {
    const path = journalPath();
    const ends = await writeRecords(path, [1, 2, 3]);
    const bytes = readFileSync(path);
    bytes[ends[1] + 40] ^= 0xff;
    writeFileSync(path, bytes);
    const { records, warnings, ignoredBytes } = readAll(path);
    expect(records.map((r) => r.seq)).toEqual([1, 2]);
    expect(ignoredBytes).toBe(ends[2] - ends[1]);
    expect(warnings[0]).toMatch(/a record whose checksum does not match; the 2 records before it are kept/);
  });

  it('treats an impossible length as corruption, and refuses a file that is not a journal', async () => {
    const path = journalPath();
    await writeRecords(path, [1]);
    appendFileSync(path, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1]));
    const { records, warnings } = readAll(path);
    expect(records).toHaveLength(1);
    expect(warnings[0]).toMatch(/a record length of 4294967295 bytes/);
    writeFileSync(path, 'hello world, not a journal');
    expect(() => readJournal(path, () => undefined, recordingLogger())).toThrow(/not an rlpd journal \(expected the header 'RLPDJNL1', found "hello wo"\)/);
  });

  it('a missing file has no records; a header cut short is ignored with a log line', () => {
    const path = journalPath();
    expect(readAll(path).records).toEqual([]);
    writeFileSync(path, JOURNAL_MAGIC.subarray(0, 3));
    const { records, warnings, validBytes } = readAll(path);
    expect(records).toEqual([]);
    expect(validBytes).toBe(0);
    expect(warnings[0]).toMatch(/shorter than its header/);
  });

  it('an append after close throws naming the file', async () => {
    const path = journalPath();
    const writer = JournalWriter.open(path, 0);
    await writer.close();
    expect(() => writer.append(record(1))).toThrow(`journal ${path} is closed`);
  });
});
