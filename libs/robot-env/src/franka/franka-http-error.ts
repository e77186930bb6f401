/** A robot-server request that failed: names the route, and why (timeout, HTTP status, bad reply). */
export class FrankaHttpError extends Error {
  constructor(
    readonly route: string,
    readonly reason: 'timeout' | 'status' | 'network' | 'reply',
    detail: string,
  ) {
    super(`robot server POST /${route} failed (${reason}): ${detail}`);
    this.name = 'FrankaHttpError';
  }
}
