import type { ParamsMessage } from '../protocol/messages.js';

/**
 * Sends params to one actor one message at a time and keeps only the newest waiting one
 * (like ZMQ conflate): a slow actor never builds a queue of stale weights.
 */
export class ParamsSender {
  private inFlight = false;
  private next: ParamsMessage | null = null;

  /** `send` must call `done` exactly once, when the actor acked or the send failed. */
  constructor(private readonly send: (msg: ParamsMessage, done: () => void) => void) {}

  offer(msg: ParamsMessage): void {
    if (this.inFlight) {
      this.next = msg;
      return;
    }
    this.inFlight = true;
    this.send(msg, () => {
      this.inFlight = false;
      const next = this.next;
      this.next = null;
      if (next !== null) this.offer(next);
    });
  }
}
