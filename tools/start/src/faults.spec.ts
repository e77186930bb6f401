// Faults as they happen in the field, on real processes started through the launchers
// (`npm run -s learner/actor`, `npx nx run learner:serve/actor:serve`) over loopback: a wrong token, junk bytes and an oversize frame
// on the learner's port, repeated connection drops, a learner killed with SIGKILL and resumed
// while its actors keep running, an actor killed with SIGKILL and restarted. Afterwards the
// learner holds exactly what the actors sent: online buffer size == sum of their
// transitionsSent, no batch twice in the journal, interventions in the demo buffer too.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTransitionsPickle } from '@rlpd/replay-buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, lastJson, run, start, type Running } from './command.test.js';
import { freePort } from './free-port.js';

type Transition = Awaited<ReturnType<typeof readTransitionsPickle>>[number];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(join(tmpdir(), 'rlpd-faults-'));
const running: Running[] = [];
afterAll(() => {
  for (const r of running) {
    try {
      process.kill(-r.pid, 'SIGKILL');
    } catch {
      // already ended
    }
  }
  rmSync(work, { recursive: true, force: true });
});

interface ActorStatus {
  readonly id: string;
  readonly connected: boolean;
  readonly lastDurableSeq: number | null;
  readonly transitionsReceived: number;
  readonly duplicatesDropped: number;
}
interface Status {
  readonly phase: string;
  readonly learnerStep: number;
  readonly onlineBufferSize: number;
  readonly demoBufferSize: number;
  readonly paramsVersion: number;
  readonly actors: ActorStatus[];
}

async function status(port: number): Promise<Status> {
  const response = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(5000) });
  return (await response.json()) as Status;
}

/** Polls GET /status until `ok`; fails naming `what` with the processes' last output. */
async function until(port: number, what: string, ok: (s: Status) => boolean, timeoutMs = 90_000): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  let last: Status | null = null;
  while (Date.now() < deadline) {
    last = await status(port).catch(() => null);
    if (last !== null && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  const tails = running.map((r) => r.output.stderr.split('\n').slice(-6).join('\n')).join('\n---\n');
  throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(last)}\n${tails}`);
}

/** A TCP proxy whose connections can all be cut at once (a flaky network). */
async function flakyProxy(target: number): Promise<{ port: number; dropAll: () => number; close: () => void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    dropAll: () => {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      return n;
    },
    close: () => server.close(),
  };
}

/** Writes `bytes` to the port raw; resolves once the learner closed the connection. */
function sendRaw(port: number, bytes: Uint8Array[]): Promise<void> {
  return new Promise((resolveClosed, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      for (const b of bytes) socket.write(b);
    });
    socket.on('error', () => undefined); // a reset is one way to be closed
    socket.on('data', () => undefined);
    socket.on('close', () => resolveClosed());
    setTimeout(() => reject(new Error(`the learner kept a connection open after ${bytes.length} raw writes`)), 15_000).unref();
  });
}

/** A websocket upgrade to socket.io, then a frame that announces 100 MiB (far above the learner's limit). */
function oversizeFrame(port: number): Uint8Array[] {
  const key = createHash('sha1').update('rlpd').digest('base64').slice(0, 24);
  const upgrade = `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  const head = Buffer.alloc(14);
  head[0] = 0x82; // final binary frame
  head[1] = 0x80 | 127; // masked, 64-bit length follows
  head.writeBigUInt64BE(BigInt(100 * 1024 * 1024), 2);
  head.writeUInt32BE(0x12345678, 10); // mask key
  return [Buffer.from(upgrade), head, Buffer.alloc(64 * 1024, 7)];
}

async function readDumps(folder: string): Promise<Transition[]> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const out: Transition[] = [];
  for (const name of names.filter((n) => n.endsWith('.pkl'))) out.push(...(await readTransitionsPickle(join(folder, name))));
  return out;
}

/**
 * The learner's journal read as docs/protocol.md describes it (independently of the reader in
 * @rlpd/transport): per record its actor, session, seq and transition count.
 */
function journalRecords(path: string): { batch: string; actorId: string; count: number }[] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8).toString('latin1')).toBe('RLPDJNL1');
  const out: { batch: string; actorId: string; count: number }[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32LE(at);
    const body = bytes.subarray(at + 8, at + 8 + length);
    expect(body.length).toBe(length);
    const actorId = body.subarray(2, 2 + body[1]).toString('utf8');
    const m = body[2 + body[1]];
    const sessionId = body.subarray(3 + body[1], 3 + body[1] + m).toString('utf8');
    const seqAt = 3 + body[1] + m;
    const seq = body.readDoubleLE(seqAt);
    const payload = body.subarray(seqAt + 8);
    out.push({ batch: `${actorId}/${sessionId}/${seq}`, actorId, count: payload.readUInt32LE(12) });
    at += 8 + length;
  }
  return out;
}

const key = (t: Transition): string => `${Array.from(t.observations.state).join(',')}|${Array.from(t.actions).join(',')}`;
const TOKEN = 'fault-token';
const NET = '--hidden-dims 16,16';

beforeAll(async () => {
  // The one build check of this file, then demos (one oracle episode).
  const recorded = await run(`npm run -s record-demos -- --task pick-cube --episodes 1 --out ${join(work, 'demos.pkl')}`, root, {
    env: { ...env, RLPD_NO_BUILD: '' },
  });
  expect(recorded.code, recorded.stderr).toBe(0);
}, 600_000);

describe('faults on real processes', () => {
  it('loses nothing and stores nothing twice through bad clients, connection drops, a killed learner and a killed actor', async () => {
    const port = await freePort();
    const run1 = join(work, 'run');
    const learnerLine = `npm run -s learner -- --port ${port} --token ${TOKEN} --checkpoint-path ${run1} --demo-path ${join(work, 'demos.pkl')} --training-starts 50 --batch-size 16 ${NET} --checkpoint-period 100 --steps-per-update 20`;
    const actorLine = (id: string, url: string, seed: number): string =>
      `npm run -s actor -- --learner-url ${url} --token ${TOKEN} --actor-id ${id} --seed ${seed} --intervener oracle --learner-steps-per-env-step 0 --send-every 5 ${NET}`;
    const learner1 = start(learnerLine, root);
    running.push(learner1);
    const waiting = await until(port, 'the learner to wait for data', (s) => s.phase === 'waiting-for-data');
    const demos = waiting.demoBufferSize;

    // A wrong token is refused, naming the token as the reason.
    const wrong = await run(`npm run -s actor -- --learner-url http://127.0.0.1:${port} --token not-it --connect-timeout 10 ${NET}`, root);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/learner refused actor 'actor-0': wrong token/);
    // Junk bytes and a frame above the size limit: the connection is closed, the learner stays up.
    await sendRaw(port, [Buffer.from('\x00\xffjunk that is not HTTP\r\n\r\n\x16\x03\x01')]);
    await sendRaw(port, oversizeFrame(port));
    expect((await status(port)).phase).toBe('waiting-for-data');

    // Two actors (one token): 'a' through a flaky link, 'b' direct.
    const proxy = await flakyProxy(port);
    const actorA = start(actorLine('a', `http://127.0.0.1:${proxy.port}`, 1), root);
    const actorB = start(actorLine('b', `http://127.0.0.1:${port}`, 2), root);
    running.push(actorA, actorB);
    await until(port, 'both actors streaming', (s) => s.actors.filter((x) => x.transitionsReceived >= 60).length === 2);
    const hellos = (): number => actorA.output.stderr.split('connected to learner').length - 1;
    for (let i = 0; i < 3; i++) {
      const before = hellos();
      expect(proxy.dropAll()).toBeGreaterThan(0);
      await until(port, `actor a back after drop ${i + 1}`, () => hellos() > before);
    }

    // SIGKILL the learner mid-run; the actors keep running and it resumes.
    const before = await status(port);
    process.kill(-learner1.pid, 'SIGKILL');
    await learner1.finished;
    await new Promise((r) => setTimeout(r, 1500)); // the actors step on without it
    // Resumed through Nx, the other launcher, in a terminal (so Ctrl-C is a keypress, as for a user).
    const learner2 = start(learnerLine.replace('npm run -s learner -- ', 'npx nx run learner:serve -- --resume '), root, { pty: true });
    running.push(learner2);
    await learner2.waitFor(/replayed \d+ journal records/);
    expect(learner2.output.stdout).not.toMatch(/torn or corrupt tail/); // a SIGKILL cannot tear a write the OS took
    await until(
      port,
      'both actors back and more data',
      (s) => s.actors.filter((x) => x.connected).length === 2 && s.onlineBufferSize > before.onlineBufferSize + 50,
    );

    // SIGKILL actor b and start it again (a new session of the same id, another seed).
    process.kill(-actorB.pid, 'SIGKILL');
    await actorB.finished;
    await until(port, 'b gone', (s) => s.actors.some((x) => x.id === 'b' && !x.connected));
    const actorB2 = start(actorLine('b', `http://127.0.0.1:${port}`, 3).replace('npm run -s actor --', 'npx nx run actor:serve --'), root, { pty: true });
    running.push(actorB2);
    await actorB2.waitFor(/resuming at env step \d+: the learner holds \d+ transitions from 'b'/);
    const bHeld = Number(/resuming at env step (\d+)/.exec(actorB2.output.stdout)?.[1]);
    expect(bHeld).toBeGreaterThanOrEqual(60);
    await until(port, 'b streaming again', (s) => (s.actors.find((x) => x.id === 'b')?.transitionsReceived ?? 0) >= bHeld + 30);

    // Ctrl-C both actors: bounded flush, then one JSON line each.
    process.kill(-actorA.pid, 'SIGINT');
    actorB2.write('\x03');
    const [doneA, doneB] = await Promise.all([actorA.finished, actorB2.finished]);
    expect(doneA.code, doneA.stderr).toBe(0);
    expect(doneB.stdout).toMatch(/SIGINT: stopping after this step and flushing/);
    const a = lastJson(doneA.stdout);
    const b = lastJson(doneB.stdout);
    for (const s of [a, b])
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['envSteps', 'transitionsSent', 'transitionsAcked', 'reconnects', 'paramsVersion']));
    expect(a.transitionsAcked).toBe(a.transitionsSent);
    expect(b.transitionsAcked).toBe(b.transitionsSent);
    expect(a.envSteps).toBe(a.transitionsSent);
    expect(b.envSteps).toBe(bHeld + Number(b.transitionsSent)); // its step count resumed
    expect(Number(a.reconnects)).toBeGreaterThanOrEqual(4); // three drops and the learner restart

    const final = await status(port);
    const online = Number(a.transitionsSent) + bHeld + Number(b.transitionsSent);
    expect(final.onlineBufferSize).toBe(online);
    expect(final.actors.find((x) => x.id === 'a')?.transitionsReceived).toBe(a.transitionsSent);
    expect(final.actors.find((x) => x.id === 'b')?.transitionsReceived).toBe(b.envSteps);

    // The learner stayed up through all of it; Ctrl-C ends it with a final checkpoint.
    learner2.write('\x03');
    const stopped = await learner2.finished;
    expect(stopped.stdout).toMatch(/checkpoint written: /);
    const summary = lastJson(stopped.stdout);
    expect(summary.envSteps).toBe(online);

    // Nothing twice, nothing missing: the journal (every acked batch) against the actors' counts.
    // Every batch is in the journal once (no seq of a session twice), and they add up.
    const records = journalRecords(join(run1, 'journal', 'transitions.journal'));
    expect(new Set(records.map((r) => r.batch)).size).toBe(records.length);
    expect(records.reduce((n, r) => n + r.count, 0)).toBe(online);
    expect(records.filter((r) => r.actorId === 'a').reduce((n, r) => n + r.count, 0)).toBe(a.transitionsSent);
    // The dumps hold the online buffer: as many transitions as the journal.
    const dumped = await readDumps(join(run1, 'buffer'));
    expect(dumped).toHaveLength(online);
    const interventions = dumped.filter((t) => t.intervened);
    expect(interventions.length).toBeGreaterThan(0);
    expect(final.demoBufferSize).toBe(demos + interventions.length);
    expect((await readDumps(join(run1, 'demo_buffer'))).map(key).sort()).toEqual(interventions.map(key).sort());
    // Episode lines name the actor they came from.
    const episodeActors = new Set(
      readFileSync(join(run1, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((m) => 'environment/episode/r' in m)
        .map((m) => m.actor),
    );
    expect(episodeActors).toEqual(new Set(['a', 'b']));

    // Evaluation of the final checkpoint without a learner: K deterministic episodes, one JSON line.
    const step = Number(/checkpoint_(\d+)$/.exec(String(summary.checkpoint))?.[1]);
    const evaluated = await run(`npm run -s actor -- --eval-checkpoint-step ${step} --checkpoint-path ${run1} --eval-n-trajs 2 ${NET}`, root);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stderr).toMatch(/eval episode 2\/2: return -?\d+\.\d+, (success|failure)/);
    const evalSummary = lastJson(evaluated.stdout);
    expect(evalSummary).toMatchObject({ episodes: 2, checkpoint: join(run1, `checkpoint_${step}`) });
    expect([0, 0.5, 1]).toContain(evalSummary.successRate);
    proxy.close();
  }, 480_000);
});
