import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { metricsRecordSchema, type MetricsChunk, type MetricsRecord } from '../protocol.js';

/** Largest piece of metrics.jsonl answered per poll (the page asks again from `next`). */
const MAX_CHUNK_BYTES = 8 << 20;

/**
 * Reads a run folder's metrics.jsonl incrementally: each call returns the complete lines from
 * byte `from` on, so a page that polls with the returned `next` sees every line exactly once
 * while the learner appends (a line being written, without its newline yet, waits for the next poll).
 */
export function readMetricsChunk(runDir: string, from: number): MetricsChunk {
  const path = join(runDir, 'metrics.jsonl');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { records: [], next: 0, missing: true, problems: [] };
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (from > size) throw new Error(`${path}: asked from byte ${from}, but the file has ${size} bytes (was it replaced?)`);
    const bytes = new Uint8Array(Math.min(size - from, MAX_CHUNK_BYTES));
    const got = readSync(fd, bytes, 0, bytes.length, from);
    const lastNewline = bytes.subarray(0, got).lastIndexOf(0x0a);
    if (lastNewline < 0) return { records: [], next: from, missing: false, problems: [] };
    const text = new TextDecoder().decode(bytes.subarray(0, lastNewline));
    let firstLine: number | null = null;
    const records: MetricsRecord[] = [];
    const problems: string[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = parseLine(line);
      if (typeof parsed === 'string') problems.push(`${path}: line ${(firstLine ??= lineNumberAt(fd, from)) + i}: ${parsed}`);
      else records.push(parsed);
    });
    return { records, next: from + lastNewline + 1, missing: false, problems };
  } finally {
    closeSync(fd);
  }
}

/** A record, or what is wrong with the line. */
function parseLine(line: string): MetricsRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)}); expected one JSON object per line`;
  }
  const record = metricsRecordSchema.safeParse(value);
  if (!record.success) return `expected a flat JSON object of numbers, strings and booleans, got ${line.slice(0, 80)}`;
  return record.data;
}

/** 1-based number of the line starting at byte `offset` (counts newlines before it; only used for messages). */
function lineNumberAt(fd: number, offset: number): number {
  let lines = 1;
  const buffer = new Uint8Array(1 << 16);
  for (let at = 0; at < offset; at += buffer.length) {
    const got = readSync(fd, buffer, 0, Math.min(buffer.length, offset - at), at);
    for (let i = 0; i < got; i++) if (buffer[i] === 0x0a) lines++;
  }
  return lines;
}
