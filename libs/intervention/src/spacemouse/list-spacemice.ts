import type { HidBackend, HidDeviceInfo } from './hid-device.js';
import { findSpaceMouseModel, type SpaceMouseModel } from './spacemouse-models.js';

/** A connected device of a known model. */
export interface SpaceMouseDevice {
  readonly info: HidDeviceInfo;
  readonly model: SpaceMouseModel;
}

const GENERIC_DESKTOP = 1;
const MULTI_AXIS_CONTROLLER = 8;

/**
 * The connected SpaceMice, sorted by path. A device that exposes several HID interfaces is
 * listed once: when the OS reports usages, only the multi-axis controller interface counts.
 */
export async function listSpaceMice(backend: HidBackend): Promise<SpaceMouseDevice[]> {
  const found: SpaceMouseDevice[] = [];
  for (const info of await backend.list()) {
    const model = findSpaceMouseModel(info.vendorId, info.productId);
    if (model === undefined) continue;
    const usageKnown = info.usagePage !== undefined && info.usagePage !== 0;
    if (usageKnown && (info.usagePage !== GENERIC_DESKTOP || info.usage !== MULTI_AXIS_CONTROLLER)) continue;
    if (found.some((d) => d.info.path === info.path)) continue;
    found.push({ info, model });
  }
  return found.sort((a, b) => (a.info.path < b.info.path ? -1 : a.info.path > b.info.path ? 1 : 0));
}
