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
export type { LearnerServerOptions, ReceivedBatch } from './learner-server.js';
export { ActorClient } from './actor-client.js';
export type { ActorClientOptions, ReceivedParams } from './actor-client-options.js';
export type { ActorCursor, ActorStatus } from './actor-cursor.js';
export { consoleLogger, quietLogger } from './logger.js';
export type { TransportLogger } from './logger.js';

// The learner's journal of acked batches (durable before ack; replayed on resume).
export { JOURNAL_MAGIC } from './journal/journal-record.js';
export type { JournalRecord } from './journal/journal-record.js';
export { JournalWriter } from './journal/journal-writer.js';
export type { JournalFsync, JournalWriterOptions } from './journal/journal-writer.js';
export { readJournal } from './journal/read-journal.js';
export type { JournalReport } from './journal/read-journal.js';
