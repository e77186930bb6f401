import uPlot from 'uplot';
import { el } from './api.js';

const INTERVENED_FILL = 'rgba(255, 152, 0, 0.25)';
const CURRENT_STEP_STROKE = '#d32f2f';

/**
 * Small plots of each state and action dimension over one episode: intervened steps shaded,
 * the current step marked with a vertical line (moved by `setStep` without rebuilding paths).
 */
export class StepPlots {
  private readonly plots: uPlot[] = [];
  private step = 0;

  constructor(
    container: HTMLElement,
    dims: readonly { label: string; values: readonly number[] }[],
    private readonly intervened: readonly boolean[],
  ) {
    const steps = intervened.map((_, i) => i);
    const marks = {
      hooks: {
        drawClear: [(u: uPlot) => this.shadeInterventions(u)],
        draw: [(u: uPlot) => this.markStep(u)],
      },
    };
    for (const { label, values } of dims) {
      const box = el('div', 'plot');
      box.append(el('h4', '', label));
      container.append(box);
      const options: uPlot.Options = {
        width: Math.max(280, box.clientWidth - 4),
        height: 110,
        legend: { show: false },
        cursor: { show: false },
        // A constant dimension (a fixed action, a zero reward) gets a unit band instead of uPlot's 0-100.
        scales: { x: { time: false }, y: { range: (_u, min, max) => (min === max ? [min - 1, max + 1] : uPlot.rangeNum(min, max, 0.1, true)) } },
        axes: [{ size: 24 }, { size: 44 }],
        series: [{}, { label, stroke: label.startsWith('action') ? '#6a1b9a' : '#00695c', width: 1.5 }],
        plugins: [marks],
      };
      this.plots.push(new uPlot(options, [steps, [...values]], box));
    }
  }

  setStep(step: number): void {
    this.step = step;
    for (const plot of this.plots) plot.redraw(false, false);
  }

  destroy(): void {
    for (const plot of this.plots) plot.destroy();
  }

  private shadeInterventions(u: uPlot): void {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.fillStyle = INTERVENED_FILL;
    for (let i = 0; i < this.intervened.length; i++) {
      if (!this.intervened[i]) continue;
      let end = i;
      while (end + 1 < this.intervened.length && this.intervened[end + 1]) end++;
      const left = Math.max(bbox.left, u.valToPos(i - 0.5, 'x', true));
      const right = Math.min(bbox.left + bbox.width, u.valToPos(end + 0.5, 'x', true));
      ctx.fillRect(left, bbox.top, right - left, bbox.height);
      i = end;
    }
    ctx.restore();
  }

  private markStep(u: uPlot): void {
    const { ctx, bbox } = u;
    const x = Math.round(u.valToPos(this.step, 'x', true));
    ctx.save();
    ctx.strokeStyle = CURRENT_STEP_STROKE;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.restore();
  }
}
