import { formatUsbId, isPermissionError, listSpaceMice, udevHint, type HidBackend } from '@rlpd/intervention';

/**
 * Lines describing the connected SpaceMice, each opened once to check access; a device that
 * cannot be opened gets the reason and, for permission errors, the udev rule. `ok` is false
 * when none was found or one could not be opened.
 */
export async function listCommand(backend: HidBackend): Promise<{ lines: string[]; ok: boolean }> {
  const devices = await listSpaceMice(backend);
  if (devices.length === 0) {
    return {
      ok: false,
      lines: [
        'no SpaceMouse found. Check the cable or receiver (lsusb | grep -i -e 256f -e 046d), then run list again.',
        'Known devices: vendor 0x046d products c625 c626 c627 c629 c62b; vendor 0x256f products c635 c641 c62e c632 c652.',
      ],
    };
  }
  const lines: string[] = [];
  let ok = true;
  let permissionProblem = false;
  for (const [index, { info, model }] of devices.entries()) {
    let access = 'ok';
    try {
      const device = await backend.open(info.path);
      await device.close();
    } catch (error) {
      ok = false;
      permissionProblem ||= isPermissionError(error);
      access = `cannot open: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    }
    const serial = info.serialNumber ? ` serial ${info.serialNumber}` : '';
    lines.push(`#${index} ${model.name} ${formatUsbId(info.vendorId, info.productId)} ${info.path} (${model.layout} reports)${serial}: ${access}`);
  }
  if (permissionProblem) lines.push(udevHint());
  return { lines, ok };
}
