import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { curveSpec } from './plots.js';

describe('curveSpec', () => {
  it('draws one legend naming every arm', async () => {
    const points = ['no-warmup', 'warmup-300'].flatMap((arm, i) =>
      [500, 1000].map((envSteps) => ({ arm, learnerStep: envSteps, envSteps, wallSeconds: envSteps / 10, mean: 0.2 * i, sd: 0.1, min: 0, max: 0.4, seeds: 2 })),
    );
    const spec = curveSpec({ title: 't', x: 'envSteps', yTitle: 'y', points, arms: ['no-warmup', 'warmup-300'] });
    const view = new View(parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    expect(svg).toContain('role-legend');
    expect(svg).toContain('>no-warmup<');
    expect(svg).toContain('>warmup-300<');
  });
});
