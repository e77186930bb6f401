import { appendFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from '@rlpd/cli';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import { initBackend } from '@rlpd/sac-agent';
import type { Transition } from '@rlpd/spaces';
import { ActorClient, readJournal } from '@rlpd/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerConfigSchema } from './config.js';
import { Learner } from './learner.js';
import { quietLog, tinySpec, tinyTransition } from './tiny-task.test.js';

const spec = tinySpec;
const lines: string[] = [];
const log = Object.assign((line: string) => void lines.push(line), {
  info: (m: string) => void lines.push(m),
  warn: (m: string) => void lines.push(m),
  error: (m: string) => void lines.push(m),
}) as Log;
const quiet = quietLog;
/** Transition `i`: its id is in the state, every 5th is an intervention. */
const transition = (i: number): Transition => tinyTransition(i, i % 5 === 0);
const batch = (from: number): Transition[] => Array.from({ length: 10 }, (_, k) => transition(from + k));

interface Status {
  onlineBufferSize: number;
  demoBufferSize: number;
  learnerStep: number;
  actors: { id: string; lastDurableSeq: number | null; transitionsReceived: number; duplicatesDropped: number; connected: boolean }[];
}
async function status(url: string): Promise<Status> {
  return (await (await fetch(`${url}/status`)).json()) as Status;
}
async function waitForStatus(url: string, ok: (s: Status) => boolean): Promise<Status> {
  for (let tries = 0; tries < 400; tries++) {
    const s = await fetch(`${url}/status`).then(
      (r) => r.json() as Promise<Status>,
      () => null,
    );
    if (s !== null && ok(s)) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`status never matched; last lines:\n${lines.slice(-10).join('\n')}`);
}

describe('Learner journal', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
    dir = await mkdtemp(join(tmpdir(), 'rlpd-learner-journal-'));
    await writeTransitionsPickle(
      join(dir, 'demos.pkl'),
      Array.from({ length: 20 }, (_, i) => tinyTransition(500 + i)),
      { observationSpace: spec.observationSpace },
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const config = (checkpointPath: string, port: number, resume = false, interventionBuffers: 'demo-and-online' | 'online' = 'demo-and-online') =>
    learnerConfigSchema.parse({
      port,
      token: 't',
      checkpointPath,
      demoPath: [join(dir, 'demos.pkl')],
      batchSize: 8,
      hiddenDims: [8, 8],
      trainingStarts: 1_000_000,
      resume,
      interventionBuffers,
    });

  it('acks a batch only once it is in the journal; a resumed learner rebuilds both buffers and the cursors from it, ignoring a torn tail', async () => {
    const runA = join(dir, 'a');
    const a = new Learner(config(runA, 0), spec, 'wasm', quiet);
    const runningA = a.run();
    const port = await a.port;
    const url = `http://127.0.0.1:${port}`;
    const client = new ActorClient({ url, token: 't', actorId: 'actor-7', envSpec: spec, configHash: 'h', logger: quiet, retryDelayMs: 50 });
    await client.connect();
    for (let i = 0; i < 3; i++) await client.sendTransitions(batch(i * 10));
    await client.flush(5000);
    // What a SIGKILL now would leave: every acked batch is in the file.
    const journal = join(runA, 'journal', 'transitions.journal');
    const seqs: number[] = [];
    readJournal(journal, (r) => seqs.push(r.seq), quiet);
    expect(seqs).toEqual([1, 2, 3]);
    const crashed = join(dir, 'crashed');
    mkdirSync(join(crashed, 'journal'), { recursive: true });
    copyFileSync(journal, join(crashed, 'journal', 'transitions.journal'));
    appendFileSync(join(crashed, 'journal', 'transitions.journal'), Buffer.from([40, 0, 0, 0, 1, 2, 3, 4, 1, 9])); // a record cut short mid-write
    const before = await status(url);
    expect(before).toMatchObject({ onlineBufferSize: 30, demoBufferSize: 20 + 6 });
    expect(before.actors).toEqual([
      expect.objectContaining({ id: 'actor-7', connected: true, lastDurableSeq: 3, transitionsReceived: 30, duplicatesDropped: 0 }),
    ]);
    a.stop();
    await runningA;

    // Resume the crashed copy (journal only, no checkpoint yet) on the port the actor knows.
    lines.length = 0;
    const b = new Learner(config(crashed, port, true), spec, 'wasm', log);
    const runningB = b.run();
    await waitForStatus(url, (s) => s.actors.some((x) => x.connected));
    const resumed = await status(url);
    expect(resumed).toMatchObject({ onlineBufferSize: 30, demoBufferSize: 26, learnerStep: 0 });
    expect(resumed.actors).toEqual([expect.objectContaining({ id: 'actor-7', lastDurableSeq: 3, transitionsReceived: 30 })]);
    expect(lines.some((l) => /journal: ignoring a torn or corrupt tail: a record cut short .* the 3 records before it are kept/.test(l))).toBe(true);
    expect(lines).toContain(
      `replayed 3 journal records (30 transitions) from ${join(crashed, 'journal', 'transitions.journal')}; last durable seqs: actor-7#3`,
    );
    // The same actor session goes on at seq 4, appended after the cut-off tail.
    expect(await client.sendTransitions(batch(30))).toBe(4);
    await client.flush(5000);
    expect((await status(url)).onlineBufferSize).toBe(40);
    expect({ sent: client.transitionsSent, acked: client.transitionsAcked }).toEqual({ sent: 40, acked: 40 });
    await client.close();
    b.stop();
    const summaryB = await runningB;
    expect(summaryB.envSteps).toBe(40);
    const after: number[] = [];
    const report = readJournal(join(crashed, 'journal', 'transitions.journal'), (r) => after.push(r.seq), quiet);
    expect(after).toEqual([1, 2, 3, 4]);
    expect(report.ignoredBytes).toBe(0);

    // Run A's own folder: newest checkpoint plus the journal.
    const c = new Learner(config(runA, 0, true), spec, 'wasm', quiet);
    const runningC = c.run();
    const urlC = `http://127.0.0.1:${await c.port}`;
    const fromCheckpoint = await waitForStatus(urlC, (s) => s.onlineBufferSize > 0);
    expect(fromCheckpoint).toMatchObject({ onlineBufferSize: 30, demoBufferSize: 26 });
    c.stop();
    await runningC;
  }, 90_000);

  it('--intervention-buffers online keeps interventions out of the demo buffer, live and on --resume', async () => {
    const run = join(dir, 'online-only');
    const a = new Learner(config(run, 0, false, 'online'), spec, 'wasm', quiet);
    const runningA = a.run();
    const url = `http://127.0.0.1:${await a.port}`;
    const client = new ActorClient({ url, token: 't', actorId: 'actor-1', envSpec: spec, configHash: 'h', logger: quiet, retryDelayMs: 50 });
    await client.connect();
    for (let i = 0; i < 3; i++) await client.sendTransitions(batch(i * 10)); // 6 of the 30 are interventions
    await client.flush(5000);
    expect(await status(url)).toMatchObject({ onlineBufferSize: 30, demoBufferSize: 20 });
    await client.close();
    a.stop();
    await runningA;

    const b = new Learner(config(run, 0, true, 'online'), spec, 'wasm', quiet);
    const runningB = b.run();
    const resumed = await waitForStatus(`http://127.0.0.1:${await b.port}`, (s) => s.onlineBufferSize > 0);
    expect(resumed).toMatchObject({ onlineBufferSize: 30, demoBufferSize: 20 });
    b.stop();
    await runningB;
  }, 60_000);
});
