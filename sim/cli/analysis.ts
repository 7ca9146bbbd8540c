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
  const { summarizeFolder } = await import('../analysis/summarize.ts');
  const r = summarizeFolder(a.folder, { out: a.out, metrics: a.metric, level: a.level });
  if (!a.quiet) io.out(`wrote ${r.out} (${r.rows} rows): ${r.text}`);
  return EXIT.ok;
}


export async function sensitivityCommand(a: SensitivityArgs, io: CliIO): Promise<number> {
  checkLevel(a.level);
  if (a.resamples !== undefined && !(Number.isInteger(a.resamples) && a.resamples >= 1)) throw new UsageError(`--resamples must be a whole number >= 1, got ${a.resamples}`);
  if (a.seed !== undefined && !(Number.isInteger(a.seed) && a.seed >= 0)) throw new UsageError(`--seed must be a whole number >= 0, got ${a.seed}`);
  if (a.out !== undefined) checkOutputPath(a.out, 'file');
  const { sensitivityFolder, sensitivityText } = await import('../analysis/sensitivity.ts');
  const p = progress(io, 'sensitivity: metric');
  const r = sensitivityFolder(a.folder, { out: a.out, metrics: a.metric, resamples: a.resamples, level: a.level, seed: a.seed, onMetric: (d, t, m) => p.tick(d, t, m) });
  if (!a.quiet) {
    io.out(`${r.method === 'sobol' ? "Sobol' indices" : 'Morris effects'} (largest ${r.method === 'sobol' ? 'total-order' : 'mu*'} first):\n${sensitivityText(r)}`);
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
