import type { MetricsRecord } from '../protocol.js';

/** Episodes in the rolling window of the success and intervention rates (hil-serl's dashboards use 20 too). */
export const RATE_WINDOW = 20;

/** One curve of one run: points ordered by learner step, each with its wall time (seconds since the run's first line). */
export interface Curve {
  readonly step: number[];
  readonly time: number[];
  readonly value: number[];
}

/** A marked phase change: `demos loaded`, `pretrain done`, `training started`, `stopping`. */
export interface PhaseMark {
  readonly label: string;
  readonly step: number;
  readonly time: number;
}

/** The dashboard's charts, in display order: key -> title. */
export const CHARTS = {
  criticLoss: 'critic loss',
  predictedQ: 'predicted Q',
  temperature: 'temperature',
  episodeReturn: 'episode return',
  successRate: `success rate (last ${RATE_WINDOW} episodes)`,
  interventionRate: `intervention rate (intervened steps / steps, last ${RATE_WINDOW} episodes)`,
  updatesPerSecond: 'learner updates / s',
} as const;
export type ChartKey = keyof typeof CHARTS;

/** Learner metric keys (hil-serl's names, as in metrics.jsonl) charted directly. */
const UPDATE_KEYS: Partial<Record<ChartKey, string>> = {
  criticLoss: 'critic/critic_loss',
  predictedQ: 'critic/predicted_qs',
  temperature: 'actor/temperature',
};

/**
 * Accumulates one run's metrics.jsonl records (fed in file order, chunk by chunk as the page
 * polls) into curves. Update lines (with `step` and SAC metrics) feed the loss, Q, temperature
 * and updates/s curves; episode lines (`environment/episode/*`) the return and the rolling
 * rates; phase events the marks. Pretraining lines have no learner step and are not charted.
 */
export class RunSeries {
  readonly curves: Record<ChartKey, Curve> = {
    criticLoss: emptyCurve(),
    predictedQ: emptyCurve(),
    temperature: emptyCurve(),
    episodeReturn: emptyCurve(),
    successRate: emptyCurve(),
    interventionRate: emptyCurve(),
    updatesPerSecond: emptyCurve(),
  };
  readonly phases: PhaseMark[] = [];
  private startTime: number | null = null;
  private lastUpdate: { step: number; wallTime: number } | null = null;
  private readonly recent: { success: boolean; intervened: number; length: number }[] = [];
  private pretrained = false;

  add(records: readonly MetricsRecord[]): void {
    for (const r of records) this.addOne(r);
  }

  private addOne(r: MetricsRecord): void {
    const wallTime = r.wallTime;
    if (typeof wallTime !== 'number') return;
    this.startTime ??= wallTime;
    const time = wallTime - this.startTime;
    if (r.event === 'phase') {
      const label = phaseLabel(String(r.phase), this.pretrained);
      if (r.phase === 'pretraining') this.pretrained = true;
      if (label !== null && typeof r.learnerStep === 'number') this.phases.push({ label, step: r.learnerStep, time });
      return;
    }
    const step = r.step;
    if (typeof step !== 'number') return;
    if (typeof r['environment/episode/r'] === 'number') {
      push(this.curves.episodeReturn, step, time, r['environment/episode/r']);
      const length = r['environment/episode/l'];
      const intervened = r['environment/episode/intervention_steps'];
      this.recent.push({
        success: r['environment/episode/success'] === true,
        intervened: typeof intervened === 'number' ? intervened : 0,
        length: typeof length === 'number' ? length : 0,
      });
      if (this.recent.length > RATE_WINDOW) this.recent.shift();
      const successes = this.recent.filter((e) => e.success).length;
      const steps = this.recent.reduce((sum, e) => sum + e.length, 0);
      push(this.curves.successRate, step, time, successes / this.recent.length);
      push(this.curves.interventionRate, step, time, steps === 0 ? 0 : this.recent.reduce((sum, e) => sum + e.intervened, 0) / steps);
      return;
    }
    let isUpdate = false;
    for (const [chart, key] of Object.entries(UPDATE_KEYS) as [ChartKey, string][]) {
      const value = r[key];
      if (typeof value !== 'number') continue;
      push(this.curves[chart], step, time, value);
      isUpdate = true;
    }
    if (!isUpdate) return;
    if (this.lastUpdate !== null && wallTime > this.lastUpdate.wallTime && step > this.lastUpdate.step) {
      push(this.curves.updatesPerSecond, step, time, (step - this.lastUpdate.step) / (wallTime - this.lastUpdate.wallTime));
    }
    this.lastUpdate = { step, wallTime };
  }
}

function emptyCurve(): Curve {
  return { step: [], time: [], value: [] };
}

function push(curve: Curve, step: number, time: number, value: number): void {
  curve.step.push(step);
  curve.time.push(time);
  curve.value.push(value);
}

/** The learner's phase events (apps/learner/src/timeline.ts) as the marks users look for. */
function phaseLabel(phase: string, pretrained: boolean): string | null {
  if (phase === 'pretraining') return 'demos loaded';
  if (phase === 'waiting-for-data') return pretrained ? 'pretrain done' : 'demos loaded';
  if (phase === 'training') return 'training started';
  if (phase === 'stopping') return 'stopping';
  return null;
}

/**
 * `[x, y]` columns for a chart against `axis`, with points sharing an x collapsed to the last one
 * (several episodes can end at the same learner step, e.g. before training starts; the rolling
 * rates after the last of them are what holds at that step). uPlot needs increasing x.
 */
export function chartColumns(curve: Curve, axis: 'step' | 'time'): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  const source = curve[axis];
  for (let i = 0; i < source.length; i++) {
    const x = source[i];
    if (xs.length > 0 && x <= xs[xs.length - 1]) {
      if (x === xs[xs.length - 1]) ys[ys.length - 1] = curve.value[i];
      continue;
    }
    xs.push(x);
    ys.push(curve.value[i]);
  }
  return [xs, ys];
}
