export type { Intervener, InterventionContext } from './intervener.js';
export { InterventionWrapper } from './intervention-wrapper.js';
export type { EpisodeInterventions } from './intervention-wrapper.js';
export { createNoIntervener } from './no-intervener.js';
export { RealTimeEnv } from './real-time-env.js';
export { stderrLog } from './teleop-log.js';
export type { TeleopLog } from './teleop-log.js';

// Scripted oracle
export { pickCubeOracleAction } from './pick-cube-oracle.js';
export { privilegedStateOf } from './privileged-state.js';
export { pickCubeGripperTarget } from './pick-cube-gripper.js';
export { createOracleIntervener, oracleBudgetSteps, oracleIntervenerConfigSchema } from './oracle-intervener.js';
export type { OracleAction, OracleIntervenerConfig } from './oracle-intervener.js';

// SpaceMouse driver
export { SPACEMOUSE_MODELS, findSpaceMouseModel, findSpaceMouseModelByProduct, formatUsbId } from './spacemouse/spacemouse-models.js';
export type { SpaceMouseLayout, SpaceMouseModel } from './spacemouse/spacemouse-models.js';
export { RESTING_READING, SPACEMOUSE_AXES, isDeflected } from './spacemouse/spacemouse-reading.js';
export type { SpaceMouseAxes, SpaceMouseAxis, SpaceMouseReading } from './spacemouse/spacemouse-reading.js';
export { SPACEMOUSE_AXIS_SCALE, applySpaceMouseReport, decodeSpaceMouseReport, formatHexReport, parseHexReport } from './spacemouse/decode-report.js';
export type { SpaceMouseReportUpdate } from './spacemouse/decode-report.js';
export { encodeSpaceMouseButtons, encodeSpaceMouseMotion } from './spacemouse/encode-reports.js';
export type { HidBackend, HidDevice, HidDeviceInfo } from './spacemouse/hid-device.js';
export { createNodeHidBackend } from './spacemouse/node-hid-backend.js';
export { listSpaceMice } from './spacemouse/list-spacemice.js';
export type { SpaceMouseDevice } from './spacemouse/list-spacemice.js';
export { SpaceMouse } from './spacemouse/spacemouse.js';
export type { SpaceMouseOptions, SpaceMouseSample, SpaceMouseStatus } from './spacemouse/spacemouse.js';
export { VirtualSpaceMouse, createVirtualHidBackend } from './spacemouse/virtual-spacemouse.js';
export type { VirtualReading } from './spacemouse/virtual-spacemouse.js';
export { SPACEMOUSE_UDEV_RULE, isPermissionError, udevHint } from './spacemouse/udev-hint.js';

// Teleoperation interveners
export { GRIPPER_CLOSE, GRIPPER_OPEN } from './teleop/teleop-source.js';
export type { TeleopArmInput, TeleopFrame, TeleopSource } from './teleop/teleop-source.js';
export { armActionLayout } from './teleop/action-layout.js';
export type { ArmActionLayout } from './teleop/action-layout.js';
export { DEFAULT_TWIST_MAPPING, HIL_SERL_AXIS_MAP, createTwistMapper, parseAxisMap } from './teleop/twist-mapping.js';
export type { TwistMapping } from './teleop/twist-mapping.js';
export { createTeleopIntervener } from './teleop/teleop-intervener.js';
export type { TeleopIntervenerOptions } from './teleop/teleop-intervener.js';
export { createSpaceMouseSource } from './teleop/spacemouse-source.js';
export type { SpaceMouseLike } from './teleop/spacemouse-source.js';
export { createSpaceMouseIntervener } from './teleop/spacemouse-intervener.js';
export type { SpaceMouseIntervenerOptions } from './teleop/spacemouse-intervener.js';
export { KEYBOARD_COMMAND_KEYS, KEYBOARD_MOTION_KEYS, KeyboardTeleop } from './teleop/keyboard-teleop.js';
export type { KeyboardTeleopOptions } from './teleop/keyboard-teleop.js';
export { KEYBOARD_HELP, createKeyboardIntervener } from './teleop/keyboard-intervener.js';
export type { KeyboardIntervenerOptions } from './teleop/keyboard-intervener.js';
export { parseTerminalKeys } from './teleop/parse-terminal-keys.js';
export { listenToRawTerminalKeys } from './teleop/raw-terminal-keys.js';
export type { RawTerminal } from './teleop/raw-terminal-keys.js';

// Program flags
export { createIntervenerFromFlags, intervenerFlagsSchema } from './intervener-flags.js';
export type { IntervenerDeps, IntervenerFlags, IntervenerKind } from './intervener-flags.js';
