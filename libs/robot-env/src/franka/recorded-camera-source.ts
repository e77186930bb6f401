import { checkFrame, type CameraSource, type CameraSpec } from './camera-source.js';

/**
 * Serves recorded frames, one per `capture()`, cycling when the recording ends: for tests and
 * for replaying a session without cameras attached.
 */
export class RecordedCameraSource implements CameraSource {
  readonly cameras: readonly CameraSpec[];
  private index = 0;
  private readonly length: number;

  constructor(
    cameras: readonly CameraSpec[],
    private readonly frames: Readonly<Record<string, readonly Uint8Array[]>>,
  ) {
    this.cameras = cameras;
    const lengths = cameras.map((c) => frames[c.name]?.length ?? 0);
    this.length = lengths[0] ?? 0;
    if (cameras.length === 0) throw new Error('RecordedCameraSource: no cameras');
    if (lengths.some((n) => n === 0 || n !== this.length))
      throw new Error(`RecordedCameraSource: every camera needs the same, non-zero number of frames (got ${lengths.join(', ')})`);
    for (const camera of cameras) for (const frame of frames[camera.name]) checkFrame(camera, frame, 'RecordedCameraSource');
  }

  capture(): Promise<Readonly<Record<string, Uint8Array>>> {
    const out: Record<string, Uint8Array> = {};
    for (const camera of this.cameras) out[camera.name] = this.frames[camera.name][this.index];
    this.index = (this.index + 1) % this.length;
    return Promise.resolve(out);
  }

  /** The index of the frame the next capture returns. */
  get position(): number {
    return this.index;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
