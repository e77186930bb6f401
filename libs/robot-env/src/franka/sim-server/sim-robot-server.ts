import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createSimClock, type SimTiming } from './sim-clock.js';
import { SimPanda } from './sim-panda.js';
import { RouteError, simRobotRoutes, type RouteHandler, type RouteReply } from './sim-robot-routes.js';

/** Options of `startSimRobotServer`; every field has a default. */
export const simRobotServerOptionsSchema = z
  .object({
    /** TCP port; 0 picks a free one (see `handle.port`). Default 5000, the Franka server's port. */
    port: z.number().int().min(0).max(65535).default(5000),
    /** Interface to listen on. Default '127.0.0.1'. */
    host: z.string().default('127.0.0.1'),
    /** The scene: 'pick-cube' (arm, gripper, cube); 'pick-cube-vision' also renders the front and wrist cameras. Default 'pick-cube'. */
    task: z.enum(['pick-cube', 'pick-cube-vision']).default('pick-cube'),
    /** Seed of the cube placements. Default 0. */
    seed: z.number().int().default(0),
    /** 'realtime' (physics on the wall clock) or 'lockstep' (each /pose advances one control period). Default 'realtime'. */
    timing: z.enum(['realtime', 'lockstep']).default('realtime'),
    /** Seconds of simulated time one /pose advances in lockstep timing. Default 0.1 (10 Hz). */
    controlPeriodS: z.number().positive().default(0.1),
    /** Width and height (pixels) of every camera image (task 'pick-cube-vision'). Default 128. */
    imageWidth: z.number().int().positive().max(1024).default(128),
    imageHeight: z.number().int().positive().max(1024).default(128),
  })
  .strict();

export type SimRobotServerOptions = z.input<typeof simRobotServerOptionsSchema>;

/** A running sim robot server. */
export interface SimRobotServerHandle {
  /** Base URL with a trailing slash, e.g. 'http://127.0.0.1:5000/'. */
  readonly url: string;
  readonly port: number;
  readonly timing: SimTiming;
  /** Stops the physics clock and the HTTP server and frees the MuJoCo model. */
  close(): Promise<void>;
}

/** Largest request body read (a pose is ~100 bytes). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Serves the embedded MuJoCo arm (Panda-like 7-DoF arm, impedance controlled, pick-cube scene)
 * over the HTTP routes of serl's Franka robot server (all POST, JSON bodies), so that a
 * Franka client can be developed and tested without a robot. See the robot-env README.
 */
export async function startSimRobotServer(options: SimRobotServerOptions = {}): Promise<SimRobotServerHandle> {
  const config = simRobotServerOptionsSchema.parse(options);
  const cameraSize = config.task === 'pick-cube-vision' ? { width: config.imageWidth, height: config.imageHeight } : undefined;
  const robot = await SimPanda.create(config.seed, cameraSize);
  const clock = createSimClock(robot, config.timing, config.controlPeriodS);
  const routes = simRobotRoutes(robot, clock);
  const server = createServer((request, response) => {
    void handle(routes, clock.error, request, response);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clock.close();
    robot.close();
    throw new Error(`sim-robot-server: cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/`,
    port,
    timing: config.timing,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        clock.close();
        server.close(() => {
          robot.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handle(routes: Record<string, RouteHandler>, clockError: Error | undefined, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  let reply: RouteReply;
  try {
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (route === undefined) throw new RouteError(404, `no route ${path}; routes: ${Object.keys(routes).join(' ')}`);
    if (request.method !== 'POST') throw new RouteError(405, `${request.method ?? '?'} ${path}: every route is POST`);
    if (clockError) throw new Error(`the simulation stopped: ${clockError.message}`);
    reply = await route(await readJsonBody(path, request));
  } catch (error) {
    reply =
      error instanceof RouteError
        ? { status: error.status, text: error.message }
        : { status: 500, text: `POST ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if ('json' in reply) {
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.json));
  } else {
    response.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(reply.text);
  }
}

/** The request body parsed as JSON; undefined when empty. */
async function readJsonBody(path: string, request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new RouteError(413, `POST ${path}: body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8').trim();
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new RouteError(400, `POST ${path}: body is not JSON (${error instanceof Error ? error.message : String(error)}): ${raw.slice(0, 200)}`);
  }
}
