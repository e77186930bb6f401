export { CliError, parseCli } from './parse-cli.js';
export type { CliInfo } from './cli-info.js';
export type { ParseResult } from './parse-cli.js';
export { configAndPositionalsFromArgv, configFromArgv } from './run-cli.js';
export { formatHelp } from './format-help.js';
export { createLog } from './create-log.js';
export type { Log, LogFields } from './create-log.js';
export { createProgressBar } from './progress-bar.js';
export type { ProgressBar } from './progress-bar.js';
