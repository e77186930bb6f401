import type { RunReport, RunReportOptions } from './run-report.js';

const percent = (x: number): string => `${Math.round(x * 100)}%`;

/** A markdown table, one row per run, for comparing runs side by side (paste into docs as is). */
export function formatReportTable(reports: readonly { run: string; report: RunReport }[], options: RunReportOptions): string {
  const intervals = Math.max(0, ...reports.map((r) => r.report.intervals.length));
  const k = (n: number): string => `${n / 1000}k`;
  const intervalHeads = Array.from({ length: intervals }, (_, i) => `success ${k(i * options.interval)}-${k((i + 1) * options.interval)}`);
  const head = [
    'run',
    'episodes',
    'env steps',
    'first success (env steps)',
    `${percent(options.threshold)} over last ${options.window} (env steps / episode / s of training)`,
    `final (last ${options.window})`,
    'interventions',
    ...intervalHeads,
  ];
  const rows = reports.map(({ run, report }) => {
    const reached = report.reachedThreshold;
    return [
      run,
      String(report.episodes),
      String(report.envSteps),
      report.firstSuccess ? String(report.firstSuccess.envSteps) : 'never',
      reached ? `${reached.envSteps} / ${reached.episode} / ${reached.trainingSeconds}` : 'not reached',
      percent(report.finalSuccessRate),
      percent(report.interventionRate),
      ...Array.from({ length: intervals }, (_, i) => {
        const cell = report.intervals[i];
        return cell && cell.episodes > 0 ? `${percent(cell.successRate)} (${cell.episodes})` : '-';
      }),
    ];
  });
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
