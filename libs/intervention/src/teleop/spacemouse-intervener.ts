import type { Intervener } from '../intervener.js';
import { stderrLog, type TeleopLog } from '../teleop-log.js';
import type { HidBackend } from '../spacemouse/hid-device.js';
import { createNodeHidBackend } from '../spacemouse/node-hid-backend.js';
import { SpaceMouse } from '../spacemouse/spacemouse.js';
import { createSpaceMouseSource } from './spacemouse-source.js';
import { createTeleopIntervener, type TeleopIntervenerOptions } from './teleop-intervener.js';
import type { TwistMapping } from './twist-mapping.js';

export interface SpaceMouseIntervenerOptions extends TeleopIntervenerOptions {
  /** HID access; default node-hid (loaded only now). Tests pass `createVirtualHidBackend`. */
  readonly backend?: HidBackend;
  /** SpaceMice to open, one per arm (2 for a bimanual 14-D action). Default 1. */
  readonly devices?: number;
  readonly mapping?: Partial<TwistMapping>;
  /** See SpaceMouseOptions.staleMs. Default 300 ms. */
  readonly staleMs?: number;
  /** See SpaceMouseOptions.reconnectMs. Default 1000 ms. */
  readonly reconnectMs?: number;
  readonly log?: TeleopLog;
}

/** Opens the SpaceMouse(s) and returns an intervener driven by them; `close()` releases the devices. */
export async function createSpaceMouseIntervener(options: SpaceMouseIntervenerOptions): Promise<Intervener> {
  const backend = options.backend ?? createNodeHidBackend();
  const log = options.log ?? stderrLog;
  const mice: SpaceMouse[] = [];
  try {
    for (let index = 0; index < (options.devices ?? 1); index++) {
      const mouse = await SpaceMouse.open({ backend, index, staleMs: options.staleMs, reconnectMs: options.reconnectMs, now: options.now, log });
      log.info(`SpaceMouse #${index}: ${mouse.description} (${mouse.layout} reports)`);
      mice.push(mouse);
    }
  } catch (error) {
    await Promise.all(mice.map((m) => m.close()));
    throw error;
  }
  return createTeleopIntervener(createSpaceMouseSource(mice, options.mapping), options);
}
