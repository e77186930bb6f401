// Protocol (pure: no socket code).
export { PROTOCOL_VERSION } from './protocol/version.js';
export { checkPayloadSize, DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_PROTOCOL_LIMITS } from './protocol/limits.js';
export type { ProtocolLimits } from './protocol/limits.js';
export { binarySchema } from './protocol/binary.js';
export {
  actorIdSchema,
  helloAckSchema,
  helloMessageSchema,
  paramsMessageSchema,
  progressMessageSchema,
  simpleAckSchema,
  statsMessageSchema,
  transitionsAckSchema,
  transitionsMessageSchema,
} from './protocol/messages.js';
export type {
  HelloAck,
  HelloMessage,
  ParamsMessage,
  ProgressMessage,
  SimpleAck,
  StatsMessage,
  TransitionsAck,
  TransitionsMessage,
} from './protocol/messages.js';
export type { ClientToServerEvents, ServerToClientEvents } from './protocol/events.js';
export { decodeTransitions, encodeTransitions } from './protocol/transitions-codec.js';
export { transitionsLayout } from './protocol/transitions-layout.js';
export type { ObservationColumn, TransitionsLayout } from './protocol/transitions-layout.js';

// Socket.io ends.
export { LearnerServer } from './learner-server.js';
export type { LearnerServerOptions } from './learner-server.js';
export { ActorClient } from './actor-client.js';
export type { ActorClientOptions, ReceivedParams } from './actor-client-options.js';
export type { ActorCursor, ActorStatus } from './actor-cursor.js';
export { consoleLogger, quietLogger } from './logger.js';
export type { TransportLogger } from './logger.js';
