import type { z } from 'zod';
import { FrankaHttpError } from './franka-http-error.js';
import {
  FRANKA_PLAIN_COMMANDS,
  frankaReadReplySchemas,
  frankaStateSchema,
  type FrankaPlainCommand,
  type FrankaReadRoute,
  type FrankaState,
} from './franka-replies.js';

export interface FrankaHttpClientOptions {
  /** Robot server base URL, e.g. `http://127.0.0.1:5000/`. */
  readonly url: string;
  /** Per-request timeout in ms (a joint reset gets `longTimeoutMs`). */
  readonly timeoutMs?: number;
  readonly longTimeoutMs?: number;
}

/**
 * A client of every route of serl's robot server (all POST, JSON). Replies are validated with
 * zod; any failure throws a FrankaHttpError naming the route. It does not check poses: use
 * FrankaHttpEnv (which clips to the safety box) to move the robot.
 */
export class FrankaHttpClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly longTimeoutMs: number;

  constructor(options: FrankaHttpClientOptions) {
    this.baseUrl = options.url.endsWith('/') ? options.url : `${options.url}/`;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.longTimeoutMs = options.longTimeoutMs ?? 30_000;
  }

  /** POSTs `body` (JSON) to `route` and returns the reply text. */
  async post(route: string, body: unknown = {}, timeoutMs = this.timeoutMs): Promise<string> {
    let response: Response;
    try {
      response = await fetch(new URL(route, this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new FrankaHttpError(route, 'timeout', `no reply within ${timeoutMs} ms from ${this.baseUrl}`);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new FrankaHttpError(route, 'network', `${error instanceof Error ? error.message : String(error)}${cause} (${this.baseUrl})`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      throw new FrankaHttpError(route, name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', `reading the reply: ${String(error)}`);
    }
    if (!response.ok) throw new FrankaHttpError(route, 'status', `HTTP ${response.status}: ${text.slice(0, 200)}`);
    return text;
  }

  /** POSTs `body` to `route` and validates the JSON reply with `schema`. */
  async postJson<S extends z.ZodTypeAny>(route: string, schema: S, body: unknown = {}): Promise<z.output<S>> {
    const text = await this.post(route, body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new FrankaHttpError(route, 'reply', `expected JSON, got ${JSON.stringify(text.slice(0, 120))}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new FrankaHttpError(route, 'reply', `unexpected JSON at '${issue.path.join('.')}': ${issue.message}`);
    }
    return parsed.data;
  }

  /** `/getstate`: pose, vel, force, torque, q, dq, jacobian (flattened 6x7), gripper_pos. */
  getState(): Promise<FrankaState> {
    return this.postJson('getstate', frankaStateSchema);
  }

  /** One of the single-value read routes (`getpos`, `getq`, `get_gripper`, ...). */
  read<R extends FrankaReadRoute>(route: R): Promise<z.output<(typeof frankaReadReplySchemas)[R]>> {
    return this.postJson(route, frankaReadReplySchemas[route]);
  }

  /** Sends `/pose` with `[x, y, z, qx, qy, qz, qw]` as given: callers must clip first. */
  async sendPoseUnchecked(pose: readonly number[]): Promise<void> {
    await this.post('pose', { arr: Array.from(pose) });
  }

  /** A command route without a body (`clearerr`, `jointreset`, `open_gripper`, ...). */
  async command(route: FrankaPlainCommand): Promise<void> {
    if (!FRANKA_PLAIN_COMMANDS.includes(route)) throw new RangeError(`unknown robot command '${route}'`);
    await this.post(route, {}, route === 'jointreset' ? this.longTimeoutMs : this.timeoutMs);
  }

  /** `/move_gripper` to a position 0 (closed) .. 255 (open). */
  async moveGripper(position: number): Promise<void> {
    if (!Number.isFinite(position) || position < 0 || position > 255) throw new RangeError(`gripper position ${position} outside 0..255`);
    await this.post('move_gripper', { gripper_pos: Math.round(position) });
  }

  /** `/update_param`: impedance controller parameters (server-specific names). */
  async updateParams(params: Readonly<Record<string, number | readonly number[]>>): Promise<void> {
    await this.post('update_param', params);
  }

  /** `/set_load`: end-effector load (mass, F_x_center_load, load_inertia). */
  async setLoad(load: { readonly mass: number; readonly F_x_center_load: readonly number[]; readonly load_inertia: readonly number[] }): Promise<void> {
    await this.post('set_load', load);
  }
}
