import { EpisodeOutcomes } from './episode-outcomes.js';
import type { PickleLayout } from './pickle-layout.js';
import { streamTransitionsPickle, type StoredField } from './stream-transitions-pickle.js';

/** What `inspect summary` prints. */
export interface TransitionsSummary {
  readonly file: string;
  readonly transitions: number;
  /** Transitions with `dones` (ended episodes). */
  readonly episodes: number;
  /** Ended episodes that succeeded, by the rule of `EpisodeOutcomes`. */
  readonly successes: number;
  /** Transitions whose infos hold `intervene_action`. */
  readonly interventions: number;
  /** Steps of each ended episode, in file order. */
  readonly episodeLengths: readonly number[];
  /** Sum of rewards of each ended episode, in file order. */
  readonly episodeReturns: readonly number[];
  /** Shape and dtype of each field as stored per transition (first occurrence). */
  readonly fields: Readonly<Record<string, StoredField>>;
  /** The file's layout (null for an empty file): pass it to `writeTransitionsPickle` to write the same layout back. */
  readonly layout: PickleLayout | null;
}

/**
 * Streams a hil-serl pickle and counts transitions, episodes (by `dones`), successes (see
 * `EpisodeOutcomes`), interventions and each episode's length and return, and lists each
 * field's stored shape and dtype. Inconsistent shapes between transitions fail like the reader does.
 */
export async function summarizeTransitionsPickle(path: string): Promise<TransitionsSummary> {
  const fields: Record<string, StoredField> = {};
  const outcomes = new EpisodeOutcomes();
  const episodeLengths: number[] = [];
  const episodeReturns: number[] = [];
  let successes = 0;
  let interventions = 0;
  let layout: PickleLayout | null = null;
  const transitions = await streamTransitionsPickle(path, ({ transition: t, stored, layout: found }) => {
    layout = found;
    for (const [name, field] of Object.entries(stored)) fields[name] ??= { shape: [...field.shape], dtype: field.dtype };
    if (t.intervened) interventions++;
    const ended = outcomes.add(t);
    if (ended === null) return;
    episodeLengths.push(ended.length);
    episodeReturns.push(ended.return);
    if (ended.success) successes++;
  });
  return { file: path, transitions, episodes: episodeLengths.length, successes, interventions, episodeLengths, episodeReturns, fields, layout };
}
