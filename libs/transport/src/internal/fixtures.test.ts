import { afterEach } from 'vitest';
// Test helpers (not part of the build or the API; vitest only runs *.spec.ts).
import { box, type EnvSpec, type EpisodeStats, type Transition } from '@rlpd/spaces';
import type { ActorClientOptions } from '../actor-client-options.js';
import { ActorClient } from '../actor-client.js';
import { LearnerServer, type LearnerServerOptions } from '../learner-server.js';
import type { TransportLogger } from '../logger.js';

export const TOKEN = 'test-token';

export const spec: EnvSpec = {
  name: 'pick-cube',
  observationSpace: { state: box([3], -10, 10), wrist: box([2, 2, 3], 0, 255, 'uint8') },
  actionSpace: box([2], -1, 1),
  maxEpisodeSteps: 10,
  controlHz: 10,
};

/** A transition whose reward is `id`, so stored data can be checked for loss and duplicates. */
export function makeTransition(id: number, success?: boolean): Transition {
  return {
    observations: { state: new Float32Array([id, id + 0.5, -id]), wrist: new Uint8Array(12).fill(id % 256) },
    nextObservations: { state: new Float32Array([id + 1, 0, 1]), wrist: new Uint8Array(12).fill((id + 1) % 256) },
    actions: new Float32Array([0.25, -0.5]),
    rewards: id,
    masks: id % 2,
    dones: id % 3 === 0,
    intervened: id % 4 === 0,
    ...(success === undefined ? {} : { success }),
  };
}

export function makeBatch(firstId: number, size: number): Transition[] {
  return Array.from({ length: size }, (_, i) => makeTransition(firstId + i));
}

export const someStats: EpisodeStats = { return: 1.5, length: 10, success: true, interventionCount: 1, interventionSteps: 3, duration: 2 };

/** A logger that keeps every line, for asserting that refusals were logged. */
export function recordingLogger(): TransportLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export interface StoredBatch {
  readonly actorId: string;
  readonly seq: number;
  readonly ids: number[];
}

/** Starts a server that records stored batches (unless `onTransitions` is given). */
export async function startLearner(
  overrides: Partial<LearnerServerOptions> = {},
): Promise<{ server: LearnerServer; port: number; url: string; stored: StoredBatch[]; stats: EpisodeStats[]; logger: ReturnType<typeof recordingLogger> }> {
  const stored: StoredBatch[] = [];
  const stats: EpisodeStats[] = [];
  const logger = recordingLogger();
  const server = new LearnerServer({
    port: 0,
    token: TOKEN,
    envSpec: spec,
    logger,
    onTransitions: (actorId, ts, seq) => {
      stored.push({ actorId, seq, ids: ts.map((t) => t.rewards) });
    },
    onStats: (_actorId, s) => stats.push(s),
    ...overrides,
  });
  const port = await server.start();
  return { server, port, url: `http://127.0.0.1:${port}`, stored, stats, logger };
}

export function makeClient(url: string, overrides: Partial<ActorClientOptions> = {}): ActorClient {
  return new ActorClient({
    url,
    token: TOKEN,
    actorId: 'actor-0',
    envSpec: spec,
    configHash: 'abc',
    logger: recordingLogger(),
    connectTimeoutMs: 5000,
    ackTimeoutMs: 2000,
    retryDelayMs: 50,
    ...overrides,
  });
}

/** Polls `condition` every 10 ms; rejects after `timeoutMs` naming `what`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** All stored transition ids, in arrival order. */
export function storedIds(stored: readonly StoredBatch[]): number[] {
  return stored.flatMap((b) => b.ids);
}

/**
 * Learners and clients that are closed after each test, in reverse order of creation
 * (registers a vitest afterEach hook; call once per spec file).
 */
export function managedFixtures(): {
  learner: (...args: Parameters<typeof startLearner>) => ReturnType<typeof startLearner>;
  client: (...args: Parameters<typeof makeClient>) => ActorClient;
  onCleanup: (fn: () => Promise<void>) => void;
} {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  return {
    learner: async (...args) => {
      const l = await startLearner(...args);
      cleanup.push(() => l.server.close());
      return l;
    },
    client: (...args) => {
      const c = makeClient(...args);
      cleanup.push(() => c.close());
      return c;
    },
    onCleanup: (fn) => {
      cleanup.push(fn);
    },
  };
}
