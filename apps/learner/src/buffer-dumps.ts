import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { loadTransitionsPickle, withHistoryAxis, writeTransitionsPickle, type ReplayBuffer } from '@rlpd/replay-buffer';
import type { Transition } from '@rlpd/spaces';

const DUMP_FILE = /^transitions_(\d+)\.pkl$/;

/** `transitions_<step>.pkl` files of `dir`, oldest step first (none when the folder is missing). */
async function dumpFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map((name) => ({ name, step: DUMP_FILE.exec(name)?.[1] }))
    .filter((f): f is { name: string; step: string } => f.step !== undefined)
    .sort((a, b) => Number(a.step) - Number(b.step))
    .map((f) => join(dir, f.name));
}

/** The `count` transitions inserted into `buffer` after its `since`-th (copies, one at a time). */
function* inserted(buffer: ReplayBuffer, since: number, count: number, only?: (t: Transition) => boolean): Generator<Transition> {
  let left = count;
  for (const t of buffer.transitions(since)) {
    if (left-- <= 0) return;
    if (only === undefined || only(t)) yield t;
  }
}

/**
 * hil-serl's buffer dumps: at every checkpoint, the online transitions added since the previous
 * dump go to `checkpoint_path/buffer/transitions_<step>.pkl`, and the interventions among them
 * (which the learner also put into the demo buffer) to `checkpoint_path/demo_buffer/transitions_<step>.pkl`
 * (the demo files themselves are reloaded from --demo-path). Writes are atomic and an old dump
 * is never deleted. A resumed learner rebuilds its buffers from the journal; `restore` loads
 * the dumps back for runs written before the journal existed.
 */
export class BufferDumps {
  private onlineMark = 0;

  constructor(
    private readonly checkpointPath: string,
    private readonly online: ReplayBuffer,
    private readonly demo: ReplayBuffer,
    private readonly log: (line: string) => void,
    /** Interventions also went into the demo buffer (--intervention-buffers demo-and-online): dump them there too. */
    private readonly interventionsToDemo = true,
  ) {}

  /** Online transitions dumped so far (saved in the checkpoint's state). */
  get dumped(): number {
    return this.onlineMark;
  }

  /** The first `count` online transitions are in dumps already (a resumed run's). */
  markDumped(count = this.online.totalInserted): void {
    this.onlineMark = count;
  }

  /** Writes the transitions added since the last dump; returns how many per folder. */
  async dump(step: number): Promise<{ online: number; demo: number }> {
    // Fixed now: batches inserted while the files are written belong to the next dump.
    const from = this.onlineMark;
    const count = Math.min(this.online.size, this.online.totalInserted - from);
    this.onlineMark = this.online.totalInserted;
    if (count === 0) return { online: 0, demo: 0 };
    const space = { observationSpace: withHistoryAxis(this.online.observationSpace) };
    const onlinePath = join(this.checkpointPath, 'buffer', `transitions_${step}.pkl`);
    await writeTransitionsPickle(onlinePath, inserted(this.online, from, count), space);
    this.log(`buffer dump written: ${onlinePath} (${count} transitions)`);
    let demo = 0;
    if (!this.interventionsToDemo) return { online: count, demo };
    for (const _ of inserted(this.online, from, count, (t) => t.intervened)) demo++;
    if (demo > 0) {
      const demoPath = join(this.checkpointPath, 'demo_buffer', `transitions_${step}.pkl`);
      await writeTransitionsPickle(
        demoPath,
        inserted(this.online, from, count, (t) => t.intervened),
        space,
      );
      this.log(`buffer dump written: ${demoPath} (${demo} interventions)`);
    }
    return { online: count, demo };
  }

  /**
   * Deletes dumps newer than checkpoint `step` (-1: all): written just before a crash that came
   * before their checkpoint, they would be written again, so they would hold transitions twice.
   */
  async removeAfter(step: number): Promise<string[]> {
    const removed: string[] = [];
    for (const folder of ['buffer', 'demo_buffer']) {
      for (const path of await dumpFiles(join(this.checkpointPath, folder))) {
        if (Number(DUMP_FILE.exec(basename(path))?.[1]) > step) {
          await rm(path);
          removed.push(path);
        }
      }
    }
    if (removed.length > 0) this.log(`removed buffer dumps written after the last checkpoint (they are written again from the journal): ${removed.join(', ')}`);
    return removed;
  }

  /** The dump files `restore()` reads, online ones first. */
  async files(): Promise<string[]> {
    return [...(await dumpFiles(join(this.checkpointPath, 'buffer'))), ...(await dumpFiles(join(this.checkpointPath, 'demo_buffer')))];
  }

  /** Loads every dump back (online into online, demo_buffer into demo); returns the counts. */
  async restore(): Promise<{ online: number; demo: number }> {
    const online = await this.restoreOne('buffer', this.online);
    const demo = await this.restoreOne('demo_buffer', this.demo);
    this.markDumped();
    return { online, demo };
  }

  private async restoreOne(folder: string, buffer: ReplayBuffer): Promise<number> {
    let total = 0;
    for (const path of await dumpFiles(join(this.checkpointPath, folder))) {
      total += (await loadTransitionsPickle(path, buffer, { log: this.log })).transitions;
    }
    if (total > 0) this.log(`restored ${total} transitions from ${join(this.checkpointPath, folder)}`);
    return total;
  }
}
