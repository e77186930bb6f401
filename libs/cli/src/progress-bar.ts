/** A progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
export interface ProgressBar {
  update(done: number, detail?: string): void;
  /** Prints the final line; `done` defaults to the total. */
  finish(detail?: string, done?: number): void;
}

export function createProgressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const startedAt = Date.now();
  let lastDecile = -1;
  const line = (done: number, detail: string): string => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds}s${detail ? ` ${detail}` : ''}`;
  };
  return {
    update(done, detail = '') {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line(done, detail)}`);
        return;
      }
      const decile = Math.floor((10 * done) / Math.max(1, total));
      if (decile !== lastDecile && done < total) {
        lastDecile = decile;
        stream.write(`${line(done, detail)}\n`);
      }
    },
    finish(detail = '', done = total) {
      stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}${line(done, detail)}\n`);
    },
  };
}
