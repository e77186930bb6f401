/** A udev rule giving the logged-in user access to 3Dconnexion devices through hidraw. */
export const SPACEMOUSE_UDEV_RULE = [
  '# /etc/udev/rules.d/99-spacemouse.rules',
  'KERNEL=="hidraw*", ATTRS{idVendor}=="256f", MODE="0660", TAG+="uaccess"',
  'KERNEL=="hidraw*", ATTRS{idVendor}=="046d", ATTRS{idProduct}=="c62[5-9b]", MODE="0660", TAG+="uaccess"',
].join('\n');

/** What to do when a device is found but cannot be opened (the usual Linux failure). */
export function udevHint(): string {
  return [
    'On Linux this usually means no permission on /dev/hidraw*. Install the udev rule:',
    SPACEMOUSE_UDEV_RULE,
    'then run: sudo udevadm control --reload-rules && sudo udevadm trigger, and replug the device.',
    'Check with: ls -l /dev/hidraw* (your user needs read access). See docs/teleoperation.md.',
  ].join('\n');
}

/** True for the errors hidapi gives when the OS refuses access to a device. */
export function isPermissionError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /cannot open device|permission|EACCES|access denied/i.test(text);
}
