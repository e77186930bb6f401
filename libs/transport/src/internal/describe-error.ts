/** The message of an unknown thrown value, for logs and refusal reasons. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
