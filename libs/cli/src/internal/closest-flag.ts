import { toFlagName } from './field-kind.js';

/**
 * The known flag a mistyped one most likely meant: `--batch_size` and `--batchSize` are
 * spellings of `--batch-size`; otherwise the nearest by edit distance, if near enough.
 */
export function closestFlag(typed: string, known: readonly string[]): string | null {
  const respelled = toFlagName(typed.replace(/_/g, '-')).toLowerCase();
  if (known.includes(respelled)) return respelled;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const flag of known) {
    const distance = editDistance(respelled, flag);
    if (distance < bestDistance) {
      best = flag;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(respelled.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
