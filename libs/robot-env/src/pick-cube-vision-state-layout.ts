import { PICK_CUBE_STATE_LAYOUT } from './pick-cube-state-layout.js';

/**
 * Where each quantity sits in pick-cube-vision's `state` observation (offset, length): what a
 * real robot senses, so pick-cube's layout without the cube position (the cameras show it).
 */
export const PICK_CUBE_VISION_STATE_LAYOUT = {
  tcpPos: PICK_CUBE_STATE_LAYOUT.tcpPos,
  tcpVel: PICK_CUBE_STATE_LAYOUT.tcpVel,
  gripperOpening: PICK_CUBE_STATE_LAYOUT.gripperOpening,
} as const;

/** Length of pick-cube-vision's `state` vector. */
export const PICK_CUBE_VISION_STATE_SIZE = 7;

/** The cameras of pick-cube-vision, in observation order (after `state`). */
export const PICK_CUBE_VISION_CAMERAS = ['front', 'wrist'] as const;
export type PickCubeVisionCamera = (typeof PICK_CUBE_VISION_CAMERAS)[number];
