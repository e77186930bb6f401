import { z } from 'zod';
import { checkFrame, type CameraSource, type CameraSpec } from './camera-source.js';
import type { FrankaHttpClient } from './franka-http-client.js';

const camerasReplySchema = z.object({ cameras: z.array(z.string().min(1)) });
const imageReplySchema = z.object({
  camera: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  rgb_base64: z.string(),
});

/**
 * Cameras served by the robot server through our extension routes (the sim robot server has
 * them; serl's franka_server does not): `POST /cameras` -> `{cameras: [names]}` and
 * `POST /getimage {"camera": name}` -> `{camera, width, height, rgb_base64}`.
 */
export class HttpCameraSource implements CameraSource {
  private constructor(
    private readonly client: FrankaHttpClient,
    readonly cameras: readonly CameraSpec[],
  ) {}

  /** Asks the server for its cameras (all, or `names`) and their image sizes. */
  static async connect(client: FrankaHttpClient, names?: readonly string[]): Promise<HttpCameraSource> {
    const available = (await client.postJson('cameras', camerasReplySchema)).cameras;
    const wanted = names ?? available;
    const missing = wanted.filter((n) => !available.includes(n));
    if (missing.length > 0)
      throw new Error(`robot server at ${client.baseUrl} has no camera ${missing.join(', ')} (it has: ${available.join(', ') || 'none'})`);
    const specs: CameraSpec[] = [];
    for (const name of wanted) {
      const image = await HttpCameraSource.fetchImage(client, name);
      specs.push({ name, height: image.height, width: image.width });
    }
    return new HttpCameraSource(client, specs);
  }

  private static async fetchImage(client: FrankaHttpClient, name: string): Promise<{ width: number; height: number; rgb: Uint8Array }> {
    const reply = await client.postJson('getimage', imageReplySchema, { camera: name });
    const rgb = new Uint8Array(Buffer.from(reply.rgb_base64, 'base64'));
    return { width: reply.width, height: reply.height, rgb };
  }

  async capture(): Promise<Readonly<Record<string, Uint8Array>>> {
    const out: Record<string, Uint8Array> = {};
    for (const spec of this.cameras)
      out[spec.name] = checkFrame(spec, (await HttpCameraSource.fetchImage(this.client, spec.name)).rgb, `robot server /getimage`);
    return out;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
