/**
 * The ack callback socket.io passed as a handler's last argument, or null when the client
 * sent none. Arguments from the wire are untrusted, so this checks before calling.
 */
export function ackCallback<T>(candidate: unknown): ((response: T) => void) | null {
  if (typeof candidate !== 'function') return null;
  return (response: T) => {
    candidate(response);
  };
}
