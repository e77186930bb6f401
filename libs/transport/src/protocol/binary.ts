import { z } from 'zod';

/**
 * A binary field. socket.io delivers binary as a Node `Buffer` (a Uint8Array) in Node and as
 * an `ArrayBuffer` in browsers; both are accepted and normalised to a Uint8Array.
 */
export const binarySchema = z
  .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, {
    message: 'expected binary data (Uint8Array or ArrayBuffer)',
  })
  .transform((v): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(v)));
