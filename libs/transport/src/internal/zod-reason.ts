import type { ZodError } from 'zod';

/** A one-line reason from a zod error: `path: message; ...` (at most five issues). */
export function zodReason(what: string, error: ZodError): string {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
  return `malformed ${what}: ${issues.join('; ')}`;
}
