import { envSpecSchema, episodeStatsSchema } from '@rlpd/spaces';
import { z } from 'zod';
import { binarySchema } from './binary.js';

/** Actor ids name files and metrics: short, printable, no path separators. */
export const actorIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._-]+$/, 'actorId may only hold letters, digits, ".", "_" and "-"');

const seqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const countSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * actor -> learner, first message on every connection. `sessionId` names one run of the
 * actor process: seqs are only compared within a session, so a restarted actor (new session)
 * starts again at seq 1 while a reconnecting one (same session) is deduplicated.
 */
export const helloMessageSchema = z.object({
  protocolVersion: z.number().int(),
  actorId: actorIdSchema,
  sessionId: z.string().min(1).max(128),
  token: z.string().max(4096),
  envSpec: envSpecSchema,
  configHash: z.string().max(256),
});
export type HelloMessage = z.infer<typeof helloMessageSchema>;

/**
 * Answer to `hello`. On success, `lastSeq` is the highest durable seq the learner holds for
 * this actor's session (null when it knows none), so the actor can drop what is already safe;
 * `actorTransitions` counts what it holds from this actor id over all sessions (a restarted
 * actor resumes its step counter there) and `totalTransitions` what it holds from all actors.
 */
export const helloAckSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    learnerStep: countSchema,
    paramsVersion: countSchema.nullable(),
    lastSeq: countSchema.nullable(),
    actorTransitions: countSchema,
    totalTransitions: countSchema,
  }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type HelloAck = z.infer<typeof helloAckSchema>;

/** actor -> learner: one batch of transitions, `payload` from `encodeTransitions`. */
export const transitionsMessageSchema = z.object({ seq: seqSchema, payload: binarySchema });
export type TransitionsMessage = z.infer<typeof transitionsMessageSchema>;

/**
 * Answer to `transitions`: `ackSeq` is the highest seq of this session that is durable (0 for
 * none); `totalTransitions` counts the transitions the learner holds from all actors (for
 * pacing). `ok: false` means this batch was not stored (gap, decode error, store failure) and
 * the actor should resend everything after `ackSeq`.
 */
export const transitionsAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), ackSeq: countSchema, learnerStep: countSchema, totalTransitions: countSchema }),
  z.object({ ok: z.literal(false), reason: z.string(), ackSeq: countSchema, learnerStep: countSchema, totalTransitions: countSchema }),
]);
export type TransitionsAck = z.infer<typeof transitionsAckSchema>;

/** learner -> actor: policy parameters. Only the newest version matters. */
export const paramsMessageSchema = z.object({
  version: countSchema,
  learnerStep: countSchema,
  bytes: binarySchema,
});
export type ParamsMessage = z.infer<typeof paramsMessageSchema>;

/** actor -> learner: stats of one finished episode; `id` counts per session from 1 (dedup). */
export const statsMessageSchema = z.object({ id: seqSchema, stats: episodeStatsSchema });
export type StatsMessage = z.infer<typeof statsMessageSchema>;

/** Answer to `stats` and `progress`-like messages that need no more than yes or no. */
export const simpleAckSchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), reason: z.string() })]);
export type SimpleAck = z.infer<typeof simpleAckSchema>;

/** actor -> learner, best effort and unacknowledged: where the actor is, for `/status`. */
export const progressMessageSchema = z.object({
  actorStep: countSchema,
  episodes: countSchema,
});
export type ProgressMessage = z.infer<typeof progressMessageSchema>;
