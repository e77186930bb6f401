import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers a route: normally, with HTTP 500, never (a hung robot), or with junk. */
export type FakeFault = 'ok' | 'status-500' | 'hang' | 'bad-json';

/** One request the fake received. */
export interface FakeRequest {
  readonly route: string;
  readonly body: unknown;
}

/**
 * A tiny kinematic stand-in for serl's robot server, for tests and for trying robot-check
 * without hardware: the TCP jumps to every commanded pose, the gripper to every command.
 * Records every request (in order) and can be told to fail a route.
 */
export class FakeFrankaServer {
  readonly requests: FakeRequest[] = [];
  pose: number[] = [0.4, 0, 0.2, 1, 0, 0, 0];
  gripper = 1;
  /** Cameras served through our /cameras and /getimage extension: name -> size and a fill value per request. */
  cameras: Record<string, { height: number; width: number }> = {};
  private imageRequests = 0;
  private readonly faults = new Map<string, FakeFault>();
  private readonly hung = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeFrankaServer> {
    // The handler needs the instance, which needs the listening server's port.
    const holder: { instance?: FakeFrankaServer } = {};
    const server = createServer((req, res) => {
      if (holder.instance !== undefined) holder.instance.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const instance = new FakeFrankaServer(server, `http://127.0.0.1:${port}/`);
    holder.instance = instance;
    return instance;
  }

  /** Makes `route` answer with `fault` from now on ('ok' restores it). */
  fail(route: string, fault: FakeFault): void {
    this.faults.set(route, fault);
  }

  /** Every pose body sent to /pose, in order. */
  get poses(): number[][] {
    return this.requests.filter((r) => r.route === 'pose').map((r) => (r.body as { arr: number[] }).arr);
  }

  routes(): string[] {
    return this.requests.map((r) => r.route);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = (req.url ?? '/').replace(/^\//, '');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      this.requests.push({ route, body });
      const fault = this.faults.get(route) ?? 'ok';
      if (fault === 'hang') {
        this.hung.add(res);
        return;
      }
      if (fault === 'status-500') return this.reply(res, 500, 'text/plain', 'Internal Server Error');
      if (fault === 'bad-json') return this.reply(res, 200, 'application/json', '{"pose": [1, 2');
      this.answer(route, body, res);
    });
  }

  private answer(route: string, body: unknown, res: ServerResponse): void {
    const json = (value: unknown): void => this.reply(res, 200, 'application/json', JSON.stringify(value));
    const state = {
      pose: this.pose,
      vel: [0, 0, 0, 0, 0, 0],
      force: [0, 0, 0],
      torque: [0, 0, 0],
      q: [0, -0.78, 0, -2.36, 0, 1.57, 0.78],
      dq: new Array<number>(7).fill(0),
      jacobian: Array.from({ length: 6 }, () => new Array<number>(7).fill(0)),
      gripper_pos: this.gripper,
    };
    switch (route) {
      case 'getstate':
        return json(state);
      case 'getpos':
        return json({ pose: state.pose });
      case 'getq':
        return json({ q: state.q });
      case 'get_gripper':
        return json({ gripper: this.gripper });
      case 'pose': {
        const arr = (body as { arr?: unknown } | null)?.arr;
        if (!Array.isArray(arr) || arr.length !== 7) return this.reply(res, 400, 'text/plain', 'pose: expected arr of 7 numbers');
        this.pose = arr.map(Number);
        return this.reply(res, 200, 'text/plain', 'Moved');
      }
      case 'cameras':
        return json({ cameras: Object.keys(this.cameras) });
      case 'getimage': {
        const name = (body as { camera?: unknown } | null)?.camera;
        const camera = typeof name === 'string' ? this.cameras[name] : undefined;
        if (camera === undefined) return this.reply(res, 404, 'text/plain', `no camera ${String(name)}`);
        // Every pixel holds the request count, so tests can tell frames apart.
        const rgb = Buffer.alloc(camera.height * camera.width * 3, this.imageRequests++ % 256);
        return json({ camera: name, width: camera.width, height: camera.height, rgb_base64: rgb.toString('base64') });
      }
      case 'close_gripper':
        this.gripper = 0;
        return this.reply(res, 200, 'text/plain', 'Closed');
      case 'open_gripper':
        this.gripper = 1;
        return this.reply(res, 200, 'text/plain', 'Opened');
      case 'clearerr':
      case 'jointreset':
      case 'update_param':
      case 'startimp':
      case 'stopimp':
        return this.reply(res, 200, 'text/plain', 'OK');
      default:
        return this.reply(res, 404, 'text/plain', `no route /${route}`);
    }
  }

  private reply(res: ServerResponse, status: number, type: string, text: string): void {
    res.writeHead(status, { 'content-type': type });
    res.end(text);
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
