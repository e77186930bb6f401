import type { Intervener } from './intervener.js';

/** An intervener that never takes over (pure policy rollouts). */
export function createNoIntervener(): Intervener {
  return {
    reset: () => undefined,
    act: () => null,
  };
}
