/**
 * Calls `stop` on the first SIGINT or SIGTERM, and `force` on a later one (a person pressing
 * Ctrl-C again). Signals within `sameRequestMs` of the first are the same request: Ctrl-C in a
 * terminal reaches every process of the command at once and launchers (Nx sends SIGTERM to
 * its whole process tree) pass it on as well, so one keypress can arrive two or three times.
 * Returns a function that removes the handlers.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void, force: (signal: NodeJS.Signals) => void, sameRequestMs = 1500): () => void {
  let firstAt: number | null = null;
  const handler = (signal: NodeJS.Signals): void => {
    if (firstAt === null) {
      firstAt = Date.now();
      stop(signal);
    } else if (Date.now() - firstAt > sameRequestMs) {
      force(signal);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
