import type { GridSnapshot } from './scheduler.js';

/** h:mm:ss */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Seconds left: the mean duration of the runs finished in this session x the runs not finished
 * (running ones count as half done) / parallel; null before a run has finished.
 */
export function estimateSecondsLeft(snapshot: GridSnapshot): number | null {
  if (snapshot.durations.length === 0) return null;
  const mean = snapshot.durations.reduce((a, b) => a + b, 0) / snapshot.durations.length;
  const slots = Math.max(1, Math.min(snapshot.parallel, snapshot.remaining + snapshot.running.length));
  return (mean * (snapshot.remaining + snapshot.running.length * 0.5)) / slots;
}

/** One line: counts, each running run's env step or eval, the ETA. */
export function formatGridLine(study: string, snapshot: GridSnapshot, elapsedSeconds: number): string {
  const eta = estimateSecondsLeft(snapshot);
  const running = snapshot.running.map(
    (r) => `${r.id}: ${r.progress === null ? 'starting' : r.progress.stage === 'training' ? `env ${r.progress.envSteps}` : r.progress.stage}`,
  );
  return [
    `${study} ${formatDuration(elapsedSeconds)}`,
    `${snapshot.done}/${snapshot.total} done, ${snapshot.running.length} running, ${snapshot.failed} failed, ${snapshot.remaining} to start${snapshot.elsewhere > 0 ? `, ${snapshot.elsewhere} running in another experiment` : ''}`,
    ...(running.length > 0 ? [running.join(', ')] : []),
    `ETA ${eta === null ? '? (after the first run)' : formatDuration(eta)}`,
  ].join(' | ');
}

/**
 * The grid's progress on stderr: one line redrawn in place on a terminal (at most once a
 * second), a plain line every `plainEverySeconds` otherwise (logs, CI).
 */
export class ProgressView {
  private last: GridSnapshot | null = null;
  private lastPlain = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly study: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEverySeconds = 30,
  ) {
    this.timer = setInterval(() => this.render(false), 1000);
    this.timer.unref();
  }

  update(snapshot: GridSnapshot): void {
    this.last = snapshot;
  }

  /** Writes a message on its own line (the progress line is redrawn after it). */
  message(text: string): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[2K');
    this.stream.write(`${text}\n`);
  }

  private render(force: boolean): void {
    if (this.last === null) return;
    const line = formatGridLine(this.study, this.last, (Date.now() - this.started) / 1000);
    if (this.stream.isTTY) {
      const width = this.stream.columns > 20 ? this.stream.columns - 1 : 200;
      this.stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    } else if (force || Date.now() - this.lastPlain >= this.plainEverySeconds * 1000) {
      this.lastPlain = Date.now();
      this.stream.write(`${line}\n`);
    }
  }

  /** Final line, then stop redrawing. */
  finish(): void {
    clearInterval(this.timer);
    this.render(true);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
