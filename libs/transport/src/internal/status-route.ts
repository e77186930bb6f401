import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TransportLogger } from '../logger.js';
import { describeError } from './describe-error.js';

/** HTTP handler for everything socket.io does not take: `GET /status` as JSON, else 404. */
export function statusRoute(getStatus: () => Record<string, unknown>, logger: TransportLogger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (code: number, body: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path !== '/status') return send(404, { error: `no route ${req.method ?? ''} ${path}` });
    if (req.method !== 'GET') return send(405, { error: 'use GET /status' });
    try {
      send(200, getStatus());
    } catch (error) {
      logger.error('GET /status failed', { error: describeError(error) });
      send(500, { error: describeError(error) });
    }
  };
}
