import { SpaceMouse, formatHexReport, type HidBackend, type SpaceMouseSample, type TeleopLog } from '@rlpd/intervention';
import type { SpaceMouseToolConfig } from './config.js';
import { formatReadingJson } from './decode-command.js';

/** One status line: the reading as JSON plus status, age of the last report and report count. */
export function formatWatchLine(sample: SpaceMouseSample, reports: number): string {
  const age = Number.isFinite(sample.ageMs) ? `${Math.round(sample.ageMs)} ms` : 'never';
  return `${formatReadingJson(sample.reading)} ${sample.status} (last report ${age} ago, ${reports} reports)`;
}

/**
 * Prints the device's state `hz` times a second (or, with --raw, each report as hex) until
 * `seconds` pass or the process is stopped. Warns when a moved device only ever sends zeros
 * (the known USB failure, hil-serl #40).
 */
export async function watchCommand(backend: HidBackend, config: SpaceMouseToolConfig, write: (line: string) => void, log: TeleopLog): Promise<void> {
  let reports = 0;
  let nonZero = 0;
  const mouse = await SpaceMouse.open({
    backend,
    index: config.index,
    staleMs: config.staleMs,
    log,
    onRawReport: (report) => {
      reports++;
      if (report.subarray(1).some((b) => b !== 0)) nonZero++;
      if (config.raw) write(formatHexReport(report));
    },
  });
  log.info(`watching ${mouse.description}; move the puck and press the buttons (Ctrl-C stops)`);
  const started = performance.now();
  let warnedZeros = false;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const sample = mouse.sample();
      if (!config.raw) write(formatWatchLine(sample, reports));
      if (!warnedZeros && reports >= 200 && nonZero === 0) {
        warnedZeros = true;
        log.warn(
          '200 reports, all zero: the device reads zero (a known USB issue, hil-serl #40). Try another port or cable, the wireless receiver, or update the firmware.',
        );
      }
      if (config.seconds > 0 && performance.now() - started >= config.seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 1000 / config.hz);
    process.once('SIGINT', () => {
      clearInterval(timer);
      resolve();
    });
  });
  await mouse.close();
}
