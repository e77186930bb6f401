import type { ReceivedParams } from '../actor-client-options.js';
import type { TransportLogger } from '../logger.js';
import { paramsMessageSchema } from '../protocol/messages.js';
import { describeError } from './describe-error.js';
import { zodReason } from './zod-reason.js';

/** The actor's side of `params`: validates, keeps only newer versions, fans out to callbacks. */
export class ParamsInbox {
  private readonly callbacks: ((params: ReceivedParams) => void)[] = [];
  private latest: ReceivedParams | null = null;

  constructor(private readonly logger: TransportLogger) {}

  /** Handles one raw `params` message; returns the accepted params, or null (invalid or stale). */
  receive(raw: unknown): ReceivedParams | null {
    const parsed = paramsMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn(zodReason('params', parsed.error));
      return null;
    }
    if (this.latest !== null && parsed.data.version <= this.latest.version) return null;
    this.latest = parsed.data;
    for (const callback of [...this.callbacks]) this.deliver(callback, parsed.data);
    return parsed.data;
  }

  subscribe(callback: (params: ReceivedParams) => void): () => void {
    this.callbacks.push(callback);
    if (this.latest !== null) this.deliver(callback, this.latest);
    return () => {
      const i = this.callbacks.indexOf(callback);
      if (i >= 0) this.callbacks.splice(i, 1);
    };
  }

  private deliver(callback: (params: ReceivedParams) => void, params: ReceivedParams): void {
    try {
      callback(params);
    } catch (error) {
      this.logger.error('onParams callback failed', { version: params.version, error: describeError(error) });
    }
  }
}
