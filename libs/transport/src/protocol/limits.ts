/** Size limits shared by both ends. Each message larger than these is refused. */
export interface ProtocolLimits {
  /** Largest binary payload (a transitions batch or a params blob), in bytes. Default 32 MiB. */
  readonly maxPayloadBytes: number;
}

/** 32 MiB: ~160 transitions with two 128x128x3 cameras (obs and next obs), or ~8M float32 params. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

export const DEFAULT_PROTOCOL_LIMITS: ProtocolLimits = { maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES };

/** Throws when `bytes` is larger than `limits.maxPayloadBytes`, naming what was too large. */
export function checkPayloadSize(what: string, bytes: Uint8Array, limits: ProtocolLimits): void {
  if (bytes.byteLength > limits.maxPayloadBytes) {
    throw new RangeError(`${what} is ${bytes.byteLength} bytes, above the limit of ${limits.maxPayloadBytes} bytes`);
  }
}
