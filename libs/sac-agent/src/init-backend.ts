import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerFastGradients } from './kernels/register-fast-gradients.js';

/** The tfjs backends this library runs on, fastest first. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** Receives the one line naming the chosen backend. */
export type BackendLog = (line: string) => void;

/** Optional native backend; a variable so TypeScript does not require its types. */
const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';

let current: BackendName | null = null;

async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    if (name === 'tensorflow') await import(TFJS_NODE_PACKAGE);
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return null;
  } catch (error) {
    // The optional native backend simply not being installed is the usual case, not an error.
    if (name === 'tensorflow' && (error as NodeJS.ErrnoException | null)?.code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(TFJS_NODE_PACKAGE)) {
      return `${TFJS_NODE_PACKAGE} is not installed; install it for the native backend`;
    }
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/**
 * Selects the tfjs backend and registers the fast gradients (see `kernels/`).
 *
 * 'auto' tries `@tensorflow/tfjs-node` (native TensorFlow; an optional dependency that
 * downloads libtensorflow at install), then wasm (SIMD, one thread under Node), then the
 * pure-JS cpu backend. An explicit name must work or this throws. Logs one line naming the
 * backend (and why faster ones were skipped) to `log`; returns its name. Calling again returns the
 * current backend unless a different explicit backend is asked for.
 */
export async function initBackend(preference: BackendPreference = 'auto', log: BackendLog = (line) => console.log(line)): Promise<BackendName> {
  if (current !== null && (preference === 'auto' || preference === current)) return current;
  const candidates: BackendName[] = preference === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preference];
  const skipped: string[] = [];
  for (const name of candidates) {
    const failure = await tryBackend(name);
    if (failure === null) {
      current = name;
      registerFastGradients(); // after the backend import: tfjs-node's tfjs registers stock gradients
      const why = skipped.length > 0 ? ` (${skipped.join('; ')})` : '';
      log(`[sac-agent] tfjs backend: using ${name}${why}`);
      return name;
    }
    skipped.push(failure.startsWith(TFJS_NODE_PACKAGE) ? failure : `${name} skipped: ${failure}`);
  }
  throw new Error(`initBackend('${preference}'): no backend could be initialised: ${skipped.join('; ')}`);
}
