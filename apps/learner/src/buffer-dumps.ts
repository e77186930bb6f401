import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTransitionsPickle, withHistoryAxis, writeTransitionsPickle, type ReplayBuffer } from '@rlpd/replay-buffer';

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

/**
 * hil-serl's buffer dumps: at every checkpoint, the transitions added since the previous dump go
 * to `checkpoint_path/buffer/transitions_<step>.pkl` (online) and
 * `checkpoint_path/demo_buffer/transitions_<step>.pkl` (interventions added to the demo buffer;
 * the demo files themselves are reloaded from --demo-path). Writes are atomic, and an old dump
 * is never deleted, so Ctrl-C cannot lose the buffer. On resume every dump is loaded back in
 * step order.
 */
export class BufferDumps {
  private onlineMark = 0;
  private demoMark = 0;

  constructor(
    private readonly checkpointPath: string,
    private readonly online: ReplayBuffer,
    private readonly demo: ReplayBuffer,
    private readonly log: (line: string) => void,
  ) {}

  /** Everything in the buffers now counts as dumped (call after loading demos and dumps). */
  markDumped(): void {
    this.onlineMark = this.online.totalInserted;
    this.demoMark = this.demo.totalInserted;
  }

  /** Writes the transitions added since the last dump; returns how many per buffer. */
  async dump(step: number): Promise<{ online: number; demo: number }> {
    const online = await this.dumpOne('buffer', this.online, this.onlineMark, step);
    const demo = await this.dumpOne('demo_buffer', this.demo, this.demoMark, step);
    this.markDumped();
    return { online, demo };
  }

  /** The dump files `restore()` reads, online ones first. */
  async files(): Promise<string[]> {
    return [...(await dumpFiles(join(this.checkpointPath, 'buffer'))), ...(await dumpFiles(join(this.checkpointPath, 'demo_buffer')))];
  }

  /** Loads every dump back (online into online, demo_buffer into demo); returns the counts. */
  async restore(): Promise<{ online: number; demo: number }> {
    const online = await this.restoreOne('buffer', this.online);
    const demo = await this.restoreOne('demo_buffer', this.demo);
    return { online, demo };
  }

  private async dumpOne(folder: string, buffer: ReplayBuffer, mark: number, step: number): Promise<number> {
    const count = Math.min(buffer.size, buffer.totalInserted - mark);
    if (count === 0) return 0;
    const path = join(this.checkpointPath, folder, `transitions_${step}.pkl`);
    await writeTransitionsPickle(path, buffer.transitions(mark), { observationSpace: withHistoryAxis(buffer.observationSpace) });
    this.log(`buffer dump written: ${path} (${count} transitions)`);
    return count;
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

