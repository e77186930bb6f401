import { describeSpecMismatch, type EnvSpec } from '@rlpd/spaces';
import { helloMessageSchema, type HelloMessage } from '../protocol/messages.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import { tokenMatches } from './token-matches.js';
import { zodReason } from './zod-reason.js';

/** Validates a raw `hello` against the learner's token and env spec: the message, or why not. */
export function checkHello(raw: unknown, token: string, envSpec: EnvSpec): { ok: true; hello: HelloMessage } | { ok: false; reason: string } {
  const parsed = helloMessageSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: zodReason('hello', parsed.error) };
  const hello = parsed.data;
  if (hello.protocolVersion !== PROTOCOL_VERSION) {
    return { ok: false, reason: `protocol version ${hello.protocolVersion} is not supported: the learner speaks version ${PROTOCOL_VERSION}` };
  }
  if (!tokenMatches(token, hello.token)) return { ok: false, reason: 'wrong token: the actor and learner tokens differ' };
  const mismatch = describeSpecMismatch(envSpec, hello.envSpec);
  if (mismatch !== null) return { ok: false, reason: `env spec differs from the learner's: ${mismatch}` };
  return { ok: true, hello };
}
