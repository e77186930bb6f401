/**
 * Version of the learner <-> actor protocol (message shapes and the binary transitions
 * layout). Bump it on any incompatible change; a `hello` with another version is refused.
 */
export const PROTOCOL_VERSION = 1;
