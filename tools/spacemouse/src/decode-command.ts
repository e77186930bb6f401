import {
  RESTING_READING,
  applySpaceMouseReport,
  decodeSpaceMouseReport,
  findSpaceMouseModelByProduct,
  parseHexReport,
  type SpaceMouseLayout,
  type SpaceMouseReading,
} from '@rlpd/intervention';
import type { SpaceMouseToolConfig } from './config.js';

/** The layout to decode with: --layout, else the model of --product; the error says which flag is missing. */
export function decodeLayout(config: Pick<SpaceMouseToolConfig, 'layout' | 'product'>): SpaceMouseLayout {
  if (config.layout !== 'auto') return config.layout;
  if (config.product === undefined) throw new Error('decode needs --product (e.g. --product 0xc635) or --layout split|combined');
  const model = findSpaceMouseModelByProduct(config.product);
  if (model === undefined) throw new Error(`unknown product 0x${config.product.toString(16)}: pass --layout split|combined`);
  return model.layout;
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** One JSON line per reading: the axes (4 decimals) and [left, right] buttons. */
export function formatReadingJson(reading: SpaceMouseReading): string {
  const { x, y, z, roll, pitch, yaw, buttons } = reading;
  return JSON.stringify({ x: round(x), y: round(y), z: round(z), roll: round(roll), pitch: round(pitch), yaw: round(yaw), buttons: [buttons[0], buttons[1]] });
}

/**
 * Decodes a recording (one hex report per line; blank lines and '#' comments skipped) into one
 * JSON line per report: the device's state after that report. A bad line is an error naming
 * its line number.
 */
export function decodeRecording(text: string, layout: SpaceMouseLayout): string[] {
  const out: string[] = [];
  let reading = RESTING_READING;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    try {
      reading = applySpaceMouseReport(reading, decodeSpaceMouseReport(parseHexReport(line), layout), i + 1);
    } catch (error) {
      throw new Error(`line ${i + 1}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    out.push(formatReadingJson(reading));
  });
  return out;
}
