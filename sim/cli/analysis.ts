/** The analysis commands (summarize, sensitivity, plot, report): argument checks, library calls, messages. */
import { EXIT, UsageError } from '../errors.ts';
import type { CliIO } from '../io/console.ts';
import { progress } from '../analysis/progress.ts';
import { checkOutputPath } from '../io/files.ts';
import type { PlotArgs, ReportArgs, SensitivityArgs, SummarizeArgs } from './options.ts';

function checkLevel(level: number | undefined): void {
  if (level !== undefined && !(level > 0 && level < 1)) throw new UsageError(`--level must be between 0 and 1 (e.g. 0.95), got ${level}`);
}


export async function summarizeCommand(a: SummarizeArgs, io: CliIO): Promise<number> {
  checkLevel(a.level);
  if (a.out !== undefined) checkOutputPath(a.out, 'file');
  const { parseRobust } = await import('../analysis/policies.ts');
  const robust = (a.robust ?? []).map(parseRobust);
  const { summarizeFolder } = await import('../analysis/summarize.ts');
  const r = summarizeFolder(a.folder, { out: a.out, metrics: a.metric, level: a.level, robust });
  if (!a.quiet) {
    io.out(`wrote ${r.out} (${r.rows} rows): ${r.text}`);
    if (r.robustness) io.out(`robustness of each policy across scenarios (least maximum regret first):\n${r.robustness.text}\nwrote ${r.robustness.out} (${r.robustness.rows} rows)`);
  }
  return EXIT.ok;
}


export async function sensitivityCommand(a: SensitivityArgs, io: CliIO): Promise<number> {
  checkLevel(a.level);
  if (a.resamples !== undefined && !(Number.isInteger(a.resamples) && a.resamples >= 1)) throw new UsageError(`--resamples must be a whole number >= 1, got ${a.resamples}`);
  if (a.seed !== undefined && !(Number.isInteger(a.seed) && a.seed >= 0)) throw new UsageError(`--seed must be a whole number >= 0, got ${a.seed}`);
  if (a.out !== undefined) checkOutputPath(a.out, 'file');
  const { sensitivityFolder, sensitivityText, SENSITIVITY_METHODS } = await import('../analysis/sensitivity.ts');
  for (const m of a.method ?? []) if (!(SENSITIVITY_METHODS as readonly string[]).includes(m)) throw new UsageError(`--method takes ${SENSITIVITY_METHODS.join(', ')}, got ${JSON.stringify(m)}`);
  const p = progress(io, 'sensitivity: metric');
  const r = sensitivityFolder(a.folder, { out: a.out, metrics: a.metric, methods: a.method as ('sobol' | 'morris' | 'prcc' | 'src')[] | undefined, resamples: a.resamples, level: a.level, seed: a.seed, onMetric: (d, t, m) => p.tick(d, t, m) });
  if (!a.quiet) {
    const m0 = r.methods[0];
    const what = m0 === 'sobol' ? "Sobol' indices (largest total-order first)" : m0 === 'morris' ? 'Morris effects (largest mu* first)' : `${r.methods.map((x) => x.toUpperCase()).join(' and ')} (largest ${m0.toUpperCase()} in absolute value first)`;
    io.out(`${what}:\n${sensitivityText(r)}`);
    io.out(`wrote ${r.out} (${r.written} rows)`);
  }
  return EXIT.ok;
}


export async function plotCommand(a: PlotArgs, io: CliIO): Promise<number> {
  if (a.out !== undefined) checkOutputPath(a.out, 'folder');
  const { plotFolder } = await import('../analysis/plot.ts');
  const p = progress(io, 'plot: chart');
  const r = await plotFolder(a.folder, { out: a.out, metric: a.metric, x: a.x, y: a.y, point: a.point !== undefined ? String(a.point) : undefined, onChart: (d, t, n) => p.tick(d, t, n) });
  if (!a.quiet) {
    for (const n of r.notes) io.err(`note: ${n}`);
    io.out(`wrote ${r.out}/: ${r.files.join(', ')}`);
  }
  return EXIT.ok;
}

export async function reportCommand(a: ReportArgs, io: CliIO): Promise<number> {
  if (a.out !== undefined) checkOutputPath(a.out, 'file');
  const { reportFolder } = await import('../analysis/report.ts');
  if (io.isTTY) io.err('report: building charts and tables...');
  const r = await reportFolder(a.folder, { out: a.out, metric: a.metric, x: a.x, y: a.y, point: a.point !== undefined ? String(a.point) : undefined });
  if (!a.quiet) {
    for (const n of r.notes) io.err(`note: ${n}`);
    io.out(`wrote ${r.out} (${r.charts} charts, ${(r.bytes / 1024).toFixed(0)} KiB, works offline)`);
  }
  return EXIT.ok;
}

export interface DiscoverArgs { folder: string; where: string; metric?: string; out?: string; box?: number; peelAlpha?: number; pasteAlpha?: number; massMin?: number; depth?: number; quiet?: boolean }

export async function discoverCommand(a: DiscoverArgs, io: CliIO): Promise<number> {
  for (const [k, v] of [['--peel-alpha', a.peelAlpha], ['--paste-alpha', a.pasteAlpha], ['--mass-min', a.massMin]] as const) {
    if (v !== undefined && !(v > 0 && v < 0.5)) throw new UsageError(`${k} must be between 0 and 0.5 (e.g. 0.05), got ${v}`);
  }
  if (a.depth !== undefined && !(Number.isInteger(a.depth) && a.depth >= 1 && a.depth <= 20)) throw new UsageError(`--depth must be a whole number from 1 to 20, got ${a.depth}`);
  if (a.box !== undefined && !(Number.isInteger(a.box) && a.box >= 0)) throw new UsageError(`--box must be a whole number >= 0, got ${a.box}`);
  const { discoverFolder, discoverText, parseWhere } = await import('../analysis/discover.ts');
  parseWhere(a.where);
  if (io.isTTY) io.err('discover: PRIM and CART...');
  const r = await discoverFolder(a.folder, { where: a.where, metric: a.metric, out: a.out, box: a.box, peelAlpha: a.peelAlpha, pasteAlpha: a.pasteAlpha, massMin: a.massMin, depth: a.depth });
  if (!a.quiet) {
    io.out(discoverText(r));
    io.out(`wrote ${r.out}/: ${r.files.join(', ')}`);
  }
  return EXIT.ok;
}
