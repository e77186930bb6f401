import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two tokens (hashed first so lengths do not leak). */
export function tokenMatches(expected: string, actual: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(actual));
}
