import uPlot from 'uplot';
import { metricsChunkSchema } from '../protocol.js';
import { el, getJson, sleep } from './api.js';
import { CHARTS, chartColumns, RunSeries, type ChartKey } from './run-series.js';

/** How often the page asks for new metrics lines (the learner logs every `logPeriod` steps). */
const POLL_MS = 1000;
const RUN_COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f'];

type Axis = 'step' | 'time';

interface RunState {
  readonly name: string;
  readonly series: RunSeries;
  next: number;
  missing: boolean;
}

/** The training dashboard: one chart per metric, every run overlaid, updated as metrics.jsonl grows. */
export class RunsView {
  private closed = false;
  private axis: Axis = 'step';
  private readonly runs: RunState[];
  private readonly charts = new Map<ChartKey, { plot: uPlot; title: HTMLElement; box: HTMLElement }>();
  private readonly status = el('p', 'hint');
  private readonly problems = el('div');
  private readonly seenProblems = new Set<string>();

  constructor(
    private readonly root: HTMLElement,
    names: readonly string[],
  ) {
    this.runs = names.map((name) => ({ name, series: new RunSeries(), next: 0, missing: false }));
    const axisPicker = el('select');
    for (const [value, text] of [
      ['step', 'x: learner step'],
      ['time', 'x: wall time (s since the run started)'],
    ] as const) {
      const option = el('option', '', text);
      option.value = value;
      axisPicker.append(option);
    }
    axisPicker.onchange = () => {
      this.axis = axisPicker.value === 'time' ? 'time' : 'step';
      this.redraw();
    };
    const legend = el('p', 'hint');
    this.runs.forEach((run, i) => {
      const swatch = el('span', '', `■ ${run.name}  `);
      swatch.style.color = RUN_COLORS[i % RUN_COLORS.length];
      legend.append(swatch);
    });
    legend.append('Dashed lines: phases (demos loaded, pretrain done, training started).');
    const grid = el('div', 'charts');
    root.append(el('h2', '', 'Training runs'), axisPicker, legend, this.status, this.problems, grid);
    for (const key of Object.keys(CHARTS) as ChartKey[]) this.addChart(key, grid);
    void this.poll().catch((error: unknown) => root.append(el('p', 'error', error instanceof Error ? error.message : String(error))));
  }

  close(): void {
    this.closed = true;
    for (const { plot } of this.charts.values()) plot.destroy();
  }

  private addChart(key: ChartKey, grid: HTMLElement): void {
    const box = el('div', 'chart');
    const title = el('h4', '', CHARTS[key]);
    box.dataset.chart = key;
    box.append(title);
    grid.append(box);
    const options: uPlot.Options = {
      width: Math.max(320, box.clientWidth - 12),
      height: 220,
      // Phases happen at learner step 0 (the step counts training updates only): keep them in view.
      scales: { x: { time: false, range: (_u, min, max) => this.xRange(min, max) } },
      series: [
        { label: this.axis },
        ...this.runs.map((run, i) => ({ label: run.name, stroke: RUN_COLORS[i % RUN_COLORS.length], width: 1.5, spanGaps: true })),
      ],
      hooks: { draw: [(u: uPlot) => this.drawPhases(u)] },
    };
    const plot = new uPlot(options, this.columns(key), box);
    this.charts.set(key, { plot, title, box });
  }

  /** The data's x range widened to the phase marks. */
  private xRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    const marks = this.runs.flatMap((run) => run.series.phases.map((m) => (this.axis === 'step' ? m.step : m.time)));
    const lo = Math.min(min ?? Infinity, ...marks);
    const hi = Math.max(max ?? -Infinity, ...marks);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
    return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  }

  private columns(key: ChartKey): uPlot.AlignedData {
    const tables = this.runs.map((run) => chartColumns(run.series.curves[key], this.axis));
    return uPlot.join(tables.map(([xs, ys]): uPlot.AlignedData => [xs, ys]));
  }

  private redraw(): void {
    for (const [key, { plot, title, box }] of this.charts) {
      const points = this.runs.reduce((sum, run) => sum + chartColumns(run.series.curves[key], this.axis)[0].length, 0);
      box.dataset.points = String(points);
      title.textContent = `${CHARTS[key]} · ${points} points`;
      plot.setData(this.columns(key));
    }
  }

  private drawPhases(u: uPlot): void {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.setLineDash([4, 4]);
    ctx.font = `${Math.round(10 * devicePixelRatio)}px sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    this.runs.forEach((run, i) => {
      ctx.strokeStyle = ctx.fillStyle = RUN_COLORS[i % RUN_COLORS.length];
      run.series.phases.forEach((mark, j) => {
        const x = Math.round(u.valToPos(this.axis === 'step' ? mark.step : mark.time, 'x', true));
        if (x < bbox.left || x > bbox.left + bbox.width) return;
        ctx.beginPath();
        ctx.moveTo(x, bbox.top);
        ctx.lineTo(x, bbox.top + bbox.height);
        ctx.stroke();
        // Marks often share an x (all at step 0): stack their labels.
        ctx.fillText(mark.label, x + 3, bbox.top + 12 * devicePixelRatio * (1 + j + i * run.series.phases.length));
      });
    });
    ctx.restore();
  }

  private async poll(): Promise<void> {
    while (!this.closed) {
      let changed = false;
      for (const [i, run] of this.runs.entries()) {
        const chunk = await getJson(`/api/runs/${i}/metrics?from=${run.next}`, metricsChunkSchema);
        run.missing = chunk.missing;
        run.next = chunk.next;
        for (const problem of chunk.problems) this.report(problem);
        if (chunk.records.length > 0) {
          run.series.add(chunk.records);
          changed = true;
        }
      }
      if (this.closed) return;
      const waiting = this.runs.filter((r) => r.missing).map((r) => r.name);
      this.status.textContent = waiting.length > 0 ? `Waiting for metrics.jsonl in: ${waiting.join(', ')}` : `Live: polling every ${POLL_MS / 1000} s.`;
      if (changed) this.redraw();
      await sleep(POLL_MS);
    }
  }

  private report(problem: string): void {
    if (this.seenProblems.has(problem)) return;
    this.seenProblems.add(problem);
    this.problems.append(el('p', 'warning', problem));
  }
}
