import { z } from 'zod';

/**
 * The inspector's HTTP replies, as zod schemas shared by the server (which builds them) and the
 * page (which validates what it receives). Frames are not JSON: `GET /api/files/:file/frame`
 * answers raw RGBA bytes with the size in the `x-frame-width` / `x-frame-height` headers.
 */

/** One camera: an uint8 observation key shaped `[..., H, W, C]` (C 1, 3 or 4; leading dims are stacked frames, the last is shown). */
export const cameraSchema = z.object({
  key: z.string(),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  channels: z.number().int().positive(),
});
export type Camera = z.infer<typeof cameraSchema>;

export const episodeSummarySchema = z.object({
  /** First transition of the episode in the file. */
  start: z.number().int().min(0),
  length: z.number().int().min(0),
  return: z.number(),
  success: z.boolean(),
  /** Transitions whose infos hold `intervene_action`. */
  intervenedSteps: z.number().int().min(0),
  /** Contiguous stretches of intervened steps (each one a human takeover). */
  interventions: z.number().int().min(0),
  /** False for a trailing episode without a final `dones` (the file was cut mid-episode). */
  ended: z.boolean(),
});
export type EpisodeSummary = z.infer<typeof episodeSummarySchema>;

export const fileIndexSchema = z.object({
  file: z.string(),
  transitions: z.number().int().min(0),
  cameras: z.array(cameraSchema),
  /** Non-camera observation dimensions, flattened in key order: `state[0]`, `state[1]`, ... */
  stateLabels: z.array(z.string()),
  actionSize: z.number().int().min(0),
  episodes: z.array(episodeSummarySchema),
});
export type FileIndex = z.infer<typeof fileIndexSchema>;

/** Per-step values of one episode, row-major (`state[step * stateSize + dim]`). */
export const episodeDataSchema = z.object({
  state: z.array(z.number()),
  actions: z.array(z.number()),
  rewards: z.array(z.number()),
  intervened: z.array(z.boolean()),
});
export type EpisodeData = z.infer<typeof episodeDataSchema>;

export const fileStatusSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('indexing'), file: z.string(), transitionsSoFar: z.number().int().min(0) }),
  z.object({ status: z.literal('ready'), index: fileIndexSchema }),
  z.object({ status: z.literal('failed'), file: z.string(), error: z.string() }),
]);
export type FileStatus = z.infer<typeof fileStatusSchema>;

export const sourcesSchema = z.object({
  files: z.array(z.string()),
  runs: z.array(z.string()),
});
export type Sources = z.infer<typeof sourcesSchema>;

/** One line of a learner's metrics.jsonl: a flat JSON object (see apps/learner/src/metrics-log.ts). */
export const metricsRecordSchema = z.record(z.union([z.number(), z.string(), z.boolean(), z.null()]));
export type MetricsRecord = z.infer<typeof metricsRecordSchema>;

export const metricsChunkSchema = z.object({
  /** Complete lines from byte `from` on (a line still being written is left for the next poll). */
  records: z.array(metricsRecordSchema),
  /** Byte offset to ask from next time. */
  next: z.number().int().min(0),
  /** Set while the run folder has no metrics.jsonl yet. */
  missing: z.boolean(),
  /** Lines that are not JSON objects, as `metrics.jsonl: line N: problem` (the others are still shown). */
  problems: z.array(z.string()),
});
export type MetricsChunk = z.infer<typeof metricsChunkSchema>;
