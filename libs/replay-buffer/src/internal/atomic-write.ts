import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: `produce` writes chunks into a temporary file in the same folder
 * (created if needed), which is fsynced and renamed over `path`, so readers (and a Ctrl-C)
 * see the old file or the new one, never a part.
 */
export async function writeFileAtomicStreaming(path: string, produce: (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const file = await open(temp, 'wx');
  try {
    await produce(async (bytes) => {
      let done = 0;
      while (done < bytes.length) done += (await file.write(bytes, done, bytes.length - done)).bytesWritten;
    });
    await file.sync();
    await file.close();
    await rename(temp, path);
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

/** Writes `bytes` to `path` atomically (temp file, fsync, rename). */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await writeFileAtomicStreaming(path, (write) => write(bytes));
}
