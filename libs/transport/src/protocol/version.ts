/**
 * Version of the learner <-> actor protocol (message shapes and the binary transitions
 * layout). Bump it on any incompatible change; a `hello` with another version is refused.
 * 2: the binary transitions carry a key table (name, dtype, shape per observation key).
 */
export const PROTOCOL_VERSION = 3;
