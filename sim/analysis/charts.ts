/**
 * Chart specifications (Vega-Lite v6) for runs and sweeps, and their rendering to
 * SVG in Node (vega-lite compile, then a headless vega View with toSVG). The
 * specs carry their data inline, so the same `.vl.json` file opens in a browser
 * (vega-embed), in Python (altair.Chart.from_dict / Vega-Lite renderers) or in the
 * online editor. Vega and vega-lite are imported lazily: they are heavy.
 */
export type Spec = Record<string, unknown>;
export type Row = Record<string, string | number | null>;

export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Stance colours: China red, hedging grey, US blue (fixed so charts compare). */
const STANCE_SCALE = { domain: ['china', 'hedge', 'us'], range: ['#d62728', '#9e9e9e', '#1f77b4'] };

const X_DATE = { field: 'date', type: 'temporal', title: null, scale: { type: 'utc' }, axis: { labelAngle: 0, tickCount: 5, labelOverlap: true } };

function base(title: string, description: string, values: Row[]): Spec {
  return {
    $schema: VL_SCHEMA,
    title: { text: title, anchor: 'start' },
    description,
    data: { values },
    config: { font: 'sans-serif', view: { stroke: null } },
  };
}

/**
 * Alignment over time, one small panel per country. Rows: {country, date, mean,
 * lo, hi}; with one replication lo = hi = mean and no band is drawn.
 */
export function alignmentSpec(rows: Row[], reps: number): Spec {
  const band = reps > 1;
  const layers: Spec[] = [];
  if (band) {
    layers.push({ mark: { type: 'area', opacity: 0.25, color: '#1f77b4' }, encoding: { x: X_DATE, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } });
  }
  layers.push({ mark: { type: 'rule', color: '#bbb', strokeDash: [2, 2] }, encoding: { y: { datum: 0 } } });
  layers.push({
    mark: { type: 'line', color: '#1f77b4', strokeWidth: 1.5 },
    encoding: {
      x: X_DATE,
      y: { field: 'mean', type: 'quantitative', title: 'alignment', scale: { domain: [-1, 1] } },
      tooltip: [{ field: 'country' }, { field: 'date', type: 'temporal' }, { field: 'mean', title: 'alignment', format: '.3f' }],
    },
  });
  return {
    ...base('Alignment over time (-1 China, +1 US)', band ? `Mean across ${reps} replications, band: range across replications` : 'One run', rows),
    facet: { field: 'country', type: 'nominal', title: null },
    columns: 5,
    spec: { width: 150, height: 90, layer: layers },
  };
}

/** Shares of countries and of GDP by stance over time. Rows: {date, measure, stance, share}. */
export function stanceSharesSpec(rows: Row[], reps: number): Spec {
  return {
    ...base('Shares by stance over time', reps > 1 ? `Mean across ${reps} replications` : 'One run', rows),
    facet: { column: { field: 'measure', type: 'nominal', title: null, sort: ['countries', 'GDP'] } },
    spec: {
      width: 320,
      height: 200,
      mark: { type: 'area' },
      encoding: {
        x: X_DATE,
        y: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'share', axis: { format: '%' } },
        color: { field: 'stance', type: 'nominal', scale: STANCE_SCALE, title: 'stance' },
        order: { field: 'stance_order', type: 'quantitative' },
        tooltip: [{ field: 'measure' }, { field: 'stance' }, { field: 'date', type: 'temporal' }, { field: 'share', format: '.1%' }],
      },
    },
  };
}

/** A world measure over time with a band across replications. Rows: {date, mean, lo, hi}. */
export function worldLineSpec(rows: Row[], reps: number, column: string, title: string, yTitle: string): Spec {
  const layers: Spec[] = [];
  if (reps > 1) layers.push({ mark: { type: 'area', opacity: 0.25, color: '#d62728' }, encoding: { x: X_DATE, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } });
  layers.push({
    mark: { type: 'line', color: '#d62728', point: reps <= 1 ? false : { size: 12 } },
    encoding: {
      x: X_DATE,
      y: { field: 'mean', type: 'quantitative', title: yTitle, scale: { zero: true } },
      tooltip: [{ field: 'date', type: 'temporal' }, { field: 'mean', title: column, format: '.3f' }],
    },
  });
  return {
    ...base(title, reps > 1 ? `Mean across ${reps} replications, band: range across replications` : 'One run', rows),
    width: 520,
    height: 220,
    layer: layers,
  };
}

/**
 * Mean of a metric over two sweep parameters. Rows: {x, y, value} per design point.
 * Parameters with few distinct values are drawn as ordinal cells; others are binned.
 */
export function heatmapSpec(rows: Row[], metric: string, xName: string, yName: string): Spec {
  const distinct = (f: string) => new Set(rows.map((r) => r[f])).size;
  const axis = (f: string, title: string) => (distinct(f) <= 12
    ? { field: f, type: 'ordinal', title, sort: 'ascending', axis: { format: '.3~g', labelAngle: 0 } }
    : { field: f, type: 'quantitative', title, bin: { maxbins: 10 } });
  const xs = axis('x', xName);
  const ys = { ...axis('y', yName), sort: (distinct('y') <= 12 ? 'descending' : undefined) };
  return {
    ...base(`${metric} over ${xName} and ${yName}`, 'Mean over replications and over the other parameters', rows),
    width: 360,
    height: 300,
    mark: { type: 'rect' },
    encoding: {
      x: xs,
      y: ys,
      color: { aggregate: 'mean', field: 'value', type: 'quantitative', title: metric, scale: { scheme: 'viridis' } },
      tooltip: [{ aggregate: 'mean', field: 'value', title: metric, format: '.4g' }, { aggregate: 'count', title: 'design points' }],
    },
  };
}

/** Bar chart of sensitivity indices with interval whiskers. Rows: {parameter, index, estimate, ci_lo, ci_hi}. */
export function sensitivityBarsSpec(rows: Row[], metric: string, method: 'sobol' | 'morris' | 'prcc' | 'src', params?: readonly string[]): Spec {
  const title = method === 'sobol' ? `Sobol' indices of ${metric}` : method === 'morris' ? `Morris screening of ${metric}` : `Partial rank correlations and standardized regression coefficients of ${metric}`;
  const desc = method === 'sobol' ? 'S1 first order, ST total order; whiskers: bootstrap 95% intervals'
    : method === 'morris' ? 'mu* mean |elementary effect|, sigma its sd (unit-scaled inputs); whiskers: bootstrap 95% intervals'
    : 'PRCC (monotone effect, Fisher z 95% intervals) and SRC (linear effect in sd units, t 95% intervals), over the design points';
  return {
    ...base(title, desc, rows),
    width: { step: 22 },
    height: 220,
    encoding: {
      x: { field: 'parameter', type: 'nominal', title: null, sort: params ? [...params] : undefined, axis: { labelAngle: -30, labelLimit: 180 } },
      xOffset: { field: 'index', type: 'nominal' },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'estimate', type: 'quantitative', title: method === 'sobol' ? 'index' : method === 'morris' ? 'effect' : 'coefficient' },
          color: { field: 'index', type: 'nominal', title: null, scale: { scheme: 'tableau10' } },
          tooltip: [{ field: 'parameter' }, { field: 'index' }, { field: 'estimate', format: '.3f' }, { field: 'ci_lo', format: '.3f' }, { field: 'ci_hi', format: '.3f' }],
        },
      },
      { mark: { type: 'rule', color: '#333' }, encoding: { y: { field: 'ci_lo', type: 'quantitative' }, y2: { field: 'ci_hi' } } },
    ],
  };
}

/** Render a Vega-Lite spec to an SVG string (headless, no canvas needed). */
export async function renderSvg(spec: Spec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vl.compile(spec as any).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
