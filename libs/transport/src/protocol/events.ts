import type { HelloAck, HelloMessage, ParamsMessage, ProgressMessage, SimpleAck, StatsMessage, TransitionsAck, TransitionsMessage } from './messages.js';

/**
 * Events an actor sends. The learner never trusts these types: it validates every argument
 * with the matching zod schema (`helloMessageSchema`, ...) before use.
 */
export interface ClientToServerEvents {
  hello: (msg: HelloMessage, ack: (res: HelloAck) => void) => void;
  transitions: (msg: TransitionsMessage, ack: (res: TransitionsAck) => void) => void;
  stats: (msg: StatsMessage, ack: (res: SimpleAck) => void) => void;
  progress: (msg: ProgressMessage) => void;
}

/** Events the learner sends. `params` is acked so the learner sends one at a time per actor. */
export interface ServerToClientEvents {
  params: (msg: ParamsMessage, ack: () => void) => void;
}
