/** One camera's image format: row-major RGB, `height x width x 3` uint8. */
export interface CameraSpec {
  readonly name: string;
  readonly height: number;
  readonly width: number;
}

/**
 * Where FrankaHttpEnv gets its images: real cameras, recorded frames, the sim robot server.
 * `capture` returns one frame per camera in `cameras`, each of `height * width * 3` bytes.
 */
export interface CameraSource {
  readonly cameras: readonly CameraSpec[];
  capture(): Promise<Readonly<Record<string, Uint8Array>>>;
  close(): Promise<void>;
}

/** Throws unless `frame` has the size `spec` promises. */
export function checkFrame(spec: CameraSpec, frame: Uint8Array | undefined, source: string): Uint8Array {
  const expected = spec.height * spec.width * 3;
  if (frame === undefined) throw new Error(`${source}: no frame for camera '${spec.name}'`);
  if (frame.length !== expected)
    throw new Error(`${source}: camera '${spec.name}' frame has ${frame.length} bytes, expected ${spec.height}x${spec.width}x3 = ${expected}`);
  return frame;
}
