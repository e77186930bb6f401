import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from './aggregate.js';

/** Renders a vega-lite spec to PNG without a browser: vega-lite -> vega -> SVG (headless view) -> resvg. */
export async function renderPng(spec: TopLevelSpec): Promise<Buffer> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    }).render();
    return png.asPng();
  } finally {
    view.finalize();
  }
}

export interface CurvePlot {
  readonly title: string;
  readonly x: 'envSteps' | 'wallSeconds';
  readonly yTitle: string;
  readonly points: readonly CurvePoint[];
  /** Arms in their grid order (colour order). */
  readonly arms: readonly string[];
}

const X_TITLES = { envSteps: 'env steps', wallSeconds: 'wall seconds since the run started' } as const;

/**
 * Mean over seeds as a line with points, min-max over seeds as a band, one colour per arm; y in [0, 1].
 * Both layers carry the same colour encoding: vega-lite merges them into one legend (a `legend: null` on either
 * layer removes the merged legend altogether).
 */
export function curveSpec(plot: CurvePlot): TopLevelSpec {
  const color = { field: 'arm', type: 'nominal' as const, scale: { domain: [...plot.arms] }, title: 'arm' };
  const x = { field: plot.x, type: 'quantitative' as const, title: X_TITLES[plot.x] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: plot.title, subtitle: 'line: mean over seeds; band: min-max over seeds' },
    width: 640,
    height: 360,
    config: { font: 'DejaVu Sans', legend: { symbolOpacity: 1 } },
    data: { values: plot.points.map((p) => ({ ...p })) },
    layer: [
      {
        mark: { type: 'area', opacity: 0.15 },
        encoding: { x, y: { field: 'min', type: 'quantitative', scale: { domain: [0, 1] }, title: plot.yTitle }, y2: { field: 'max' }, color },
      },
      {
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'mean', type: 'quantitative', scale: { domain: [0, 1] }, title: plot.yTitle }, color },
      },
    ],
  };
}
