import type { z } from 'zod';

/** GETs `url` and validates the JSON reply with `schema`; errors name the URL and the problem. */
export async function getJson<T extends z.ZodTypeAny>(url: string, schema: T): Promise<z.infer<T>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}: ${await response.text()}`);
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`${url}: unexpected reply: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** One camera frame as ImageData (the server sends raw RGBA with its size in headers). */
export async function getFrame(url: string): Promise<ImageData> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}: ${await response.text()}`);
  const width = Number(response.headers.get('x-frame-width'));
  const height = Number(response.headers.get('x-frame-height'));
  const bytes = new Uint8ClampedArray(await response.arrayBuffer());
  if (!(width > 0 && height > 0) || bytes.length !== width * height * 4) {
    throw new Error(`${url}: expected ${width}x${height} RGBA (${width * height * 4} bytes), got ${bytes.length} bytes`);
  }
  return new ImageData(bytes, width, height);
}

/** Creates an element with a class and optional text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
