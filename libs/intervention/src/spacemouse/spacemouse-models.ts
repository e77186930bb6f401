/**
 * How a model lays out its motion reports. 'split' (older devices): channel 1 carries x, y, z
 * and channel 2 pitch, roll, yaw, each in bytes 1-6. 'combined' (wireless and receiver
 * devices): channel 1 carries all six axes in bytes 1-12.
 */
export type SpaceMouseLayout = 'split' | 'combined';

/** A 3Dconnexion product this driver knows. */
export interface SpaceMouseModel {
  readonly vendorId: number;
  readonly productId: number;
  readonly name: string;
  readonly layout: SpaceMouseLayout;
}

const LOGITECH = 0x046d;
const THREE_D_CONNEXION = 0x256f;

/** The devices hil-serl supports (vendor/product IDs from its pyspacemouse device table). */
export const SPACEMOUSE_MODELS: readonly SpaceMouseModel[] = [
  { vendorId: LOGITECH, productId: 0xc627, name: 'SpaceExplorer', layout: 'split' },
  { vendorId: LOGITECH, productId: 0xc626, name: 'SpaceNavigator', layout: 'split' },
  { vendorId: LOGITECH, productId: 0xc62b, name: 'SpaceMouse Pro', layout: 'split' },
  { vendorId: LOGITECH, productId: 0xc625, name: 'SpacePilot', layout: 'split' },
  { vendorId: LOGITECH, productId: 0xc629, name: 'SpacePilot Pro', layout: 'split' },
  { vendorId: THREE_D_CONNEXION, productId: 0xc641, name: 'SpaceMouse USB', layout: 'split' },
  { vendorId: THREE_D_CONNEXION, productId: 0xc635, name: 'SpaceMouse Compact', layout: 'split' },
  { vendorId: THREE_D_CONNEXION, productId: 0xc62e, name: 'SpaceMouse Wireless', layout: 'combined' },
  { vendorId: THREE_D_CONNEXION, productId: 0xc632, name: 'SpaceMouse Pro Wireless', layout: 'combined' },
  { vendorId: THREE_D_CONNEXION, productId: 0xc652, name: 'Universal Receiver', layout: 'combined' },
];

/** The known model with these IDs, or undefined. */
export function findSpaceMouseModel(vendorId: number, productId: number): SpaceMouseModel | undefined {
  return SPACEMOUSE_MODELS.find((m) => m.vendorId === vendorId && m.productId === productId);
}

/** The known model with this product ID (both vendors' IDs are distinct), or undefined. */
export function findSpaceMouseModelByProduct(productId: number): SpaceMouseModel | undefined {
  return SPACEMOUSE_MODELS.find((m) => m.productId === productId);
}

/** `0x256f:0xc635`-style text for logs. */
export function formatUsbId(vendorId: number, productId: number): string {
  const hex = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
  return `${hex(vendorId)}:${hex(productId)}`;
}
