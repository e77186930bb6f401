import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import type { FileStatus, Sources } from '../protocol.js';
import { FrameReader } from './frame-reader.js';
import { readMetricsChunk } from './metrics-tail.js';
import { PickleIndex } from './pickle-index.js';

/** Files of the page, served from the bundle folder (nothing else on disk is reachable). */
const STATIC_FILES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.js.map': 'app.js.map',
  '/app.css': 'app.css',
  '/uplot.css': 'uplot.min.css',
};
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json',
};

export interface InspectorServerOptions {
  /** Demo or buffer pickles to show, indexed in the background as the server starts. */
  readonly files: readonly string[];
  /** Learner run folders (each with a metrics.jsonl, possibly still being written). */
  readonly runs: readonly string[];
  /** Folder holding the bundled page (index.html, app.js, app.css, uplot.min.css). */
  readonly webDir: string;
  /** Terminal messages: indexing progress and per-file failures. */
  readonly log: (line: string) => void;
}

type FileEntry =
  { state: 'indexing'; transitionsSoFar: number } | { state: 'ready'; index: PickleIndex; frames: FrameReader } | { state: 'failed'; error: string };

/**
 * The inspector's local web server: the page, the index of each pickle, per-episode values,
 * single camera frames read on demand, and metrics.jsonl tails for run dashboards. A file that
 * cannot be read is reported on its page and in the terminal; the others keep being served.
 */
export class InspectorServer {
  private readonly entries: FileEntry[];
  private readonly http: Server;

  constructor(private readonly options: InspectorServerOptions) {
    this.entries = options.files.map(() => ({ state: 'indexing', transitionsSoFar: 0 }));
    this.http = createServer((request, response) => {
      try {
        this.route(request, response);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.log(`${request.method} ${request.url}: ${message}`);
        reply(response, 500, 'text/plain; charset=utf-8', message);
      }
    });
  }

  /** Starts indexing every file and listening; resolves with the page's URL. */
  async start(port: number, host: string): Promise<string> {
    this.options.files.forEach((file, i) => void this.indexFile(file, i));
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => resolve());
    });
    const address = this.http.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shownHost}:${address.port}/`;
  }

  async close(): Promise<void> {
    for (const entry of this.entries) if (entry.state === 'ready') entry.frames.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async indexFile(file: string, i: number): Promise<void> {
    const started = performance.now();
    try {
      const index = await PickleIndex.build(file, (n) => {
        this.entries[i] = { state: 'indexing', transitionsSoFar: n };
      });
      this.entries[i] = { state: 'ready', index, frames: new FrameReader(index) };
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.options.log(
        `${file}: ${index.transitions} transitions, ${index.episodes.length} episodes, cameras [${index.cameras.map((c) => c.key).join(', ')}] (indexed in ${seconds} s)`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Reader errors start with the file name; others (ENOENT, ...) get it here.
      const named = message.includes(file) ? message : `${file}: ${message}`;
      this.entries[i] = { state: 'failed', error: named };
      this.options.log(`cannot show ${named}`);
    }
  }

  private route(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://inspector');
    const path = url.pathname;
    if (request.method !== 'GET')
      return reply(response, 405, 'text/plain; charset=utf-8', `${request.method} is not supported; the inspector only answers GET`);
    const staticFile = STATIC_FILES[path];
    if (staticFile !== undefined) {
      const type = CONTENT_TYPES[staticFile.slice(staticFile.lastIndexOf('.') + 1)];
      return reply(response, 200, type, readFileSync(join(this.options.webDir, staticFile)));
    }
    if (path === '/api/sources') {
      const sources: Sources = { files: this.options.files.map((f) => basename(f)), runs: this.options.runs.map((r) => basename(r)) };
      return json(response, 200, sources);
    }
    let m = /^\/api\/files\/(\d+)$/.exec(path);
    if (m) return Number(m[1]) < this.entries.length ? json(response, 200, this.status(Number(m[1]))) : notFound(response, `no file ${m[1]}`);
    m = /^\/api\/files\/(\d+)\/episodes\/(\d+)$/.exec(path);
    if (m) {
      const entry = this.readyEntry(m[1]);
      const data = entry?.index.episodeData(Number(m[2])) ?? null;
      return data === null ? notFound(response, `no episode ${m[2]} in file ${m[1]}`) : json(response, 200, data);
    }
    m = /^\/api\/files\/(\d+)\/frame$/.exec(path);
    if (m) {
      const camera = url.searchParams.get('camera') ?? '';
      const step = Number(url.searchParams.get('step'));
      const frame = Number.isInteger(step) ? (this.readyEntry(m[1])?.frames.read(camera, step) ?? null) : null;
      if (frame === null) return notFound(response, `no frame of camera '${camera}' at step ${url.searchParams.get('step')} in file ${m[1]}`);
      response.setHeader('x-frame-width', String(frame.width));
      response.setHeader('x-frame-height', String(frame.height));
      return reply(response, 200, 'application/octet-stream', frame.rgba);
    }
    m = /^\/api\/runs\/(\d+)\/metrics$/.exec(path);
    if (m) {
      const run = this.options.runs[Number(m[1])];
      const from = Number(url.searchParams.get('from') ?? '0');
      if (run === undefined) return notFound(response, `no run ${m[1]}`);
      if (!Number.isInteger(from) || from < 0)
        return reply(response, 400, 'text/plain; charset=utf-8', `from: expected a byte offset >= 0, got ${url.searchParams.get('from')}`);
      return json(response, 200, readMetricsChunk(run, from));
    }
    return notFound(response, `nothing at ${path}`);
  }

  private status(i: number): FileStatus {
    const entry = this.entries[i];
    const file = this.options.files[i] ?? '';
    if (entry === undefined) return { status: 'failed', file, error: `no file ${i}` };
    if (entry.state === 'indexing') return { status: 'indexing', file, transitionsSoFar: entry.transitionsSoFar };
    if (entry.state === 'failed') return { status: 'failed', file, error: entry.error };
    return { status: 'ready', index: entry.index.toJSON() };
  }

  private readyEntry(text: string): Extract<FileEntry, { state: 'ready' }> | null {
    const entry = this.entries[Number(text)];
    return entry?.state === 'ready' ? entry : null;
  }
}

function reply(response: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function json(response: ServerResponse, status: number, value: unknown): void {
  reply(response, status, 'application/json', JSON.stringify(value));
}

function notFound(response: ServerResponse, message: string): void {
  reply(response, 404, 'text/plain; charset=utf-8', message);
}
