/**
 * `hedgesim validate FILE...`: load each scenario (extends chain, CSV, rules,
 * expressions evaluated over the horizon) without running it; sweep files are
 * recognised and checked as sweeps (with their base scenario). Text: every problem
 * with its position, the source line and a caret, on stderr, and a verdict per file
 * on stdout. JSON (--format json): one object on stdout for editors and CI.
 * Exit 0 when every file is valid (warnings allowed), 3 otherwise.
 */
import { readRegularFile } from '../io/files.ts';
import { MAX_FILE_BYTES } from '../scenario/yaml.ts';
import { loadScenario } from '../scenario/load.ts';
import { EXIT, hasErrors, type Issue } from '../errors.ts';
import { printIssues } from './messages.ts';
import type { CliIO } from '../io/console.ts';

import type { ValidateArgs } from './options.ts';

export interface FileReport { file: string; valid: boolean; errors: number; warnings: number; issues: Issue[] }

/** A sweep file (its own format): names sweep.schema.json on its first line, or has top-level scenario: and design: (or levers:/uncertainties:). */
export function isSweepFile(file: string): boolean {
  let head: string;
  try { head = readRegularFile(file, MAX_FILE_BYTES).subarray(0, 65536).toString('utf8'); } catch { return false; } // the loader reports the file
  if (/^\uFEFF?#\s*yaml-language-server:\s*\$schema=\S*sweep\.schema\.json/.test(head)) return true;
  return /^scenario:/m.test(head) && /^(design|levers|uncertainties):/m.test(head);
}

export async function validateFiles(files: string[], set?: string[]): Promise<{ reports: FileReport[]; sources: Map<string, string> }> {
  const reports: FileReport[] = [];
  const sources = new Map<string, string>();
  for (const file of files) {
    let r: { issues: Issue[]; sources: Map<string, string> }, loaded: boolean;
    if (isSweepFile(file)) { const x = await (await import('../sweep/spec.ts')).loadSweep(file); r = x; loaded = !!x.sweep; }
    else { const x = await loadScenario(file, { set }); r = x; loaded = !!x.scenario; }
    for (const [k, v] of r.sources) sources.set(k, v);
    const errors = r.issues.filter((i) => i.severity === 'error').length;
    reports.push({ file, valid: !hasErrors(r.issues) && loaded, errors, warnings: r.issues.length - errors, issues: r.issues });
  }
  return { reports, sources };
}

export async function validateCommand(args: ValidateArgs, io: CliIO): Promise<number> {
  const { reports, sources } = await validateFiles(args.files, args.set);
  const valid = reports.every((r) => r.valid);
  if (args.format === 'json') {
    const errors = reports.reduce((a, r) => a + r.errors, 0);
    const warnings = reports.reduce((a, r) => a + r.warnings, 0);
    io.out(JSON.stringify({
      valid, errors, warnings,
      files: reports.map((r) => ({
        file: r.file, valid: r.valid, errors: r.errors, warnings: r.warnings,
        issues: r.issues.map((i) => ({ code: i.code, severity: i.severity, file: i.file ?? r.file, line: i.line ?? null, col: i.col ?? null, path: i.path, message: i.message })),
      })),
    }, null, 2));
    return valid ? EXIT.ok : EXIT.input;
  }
  for (const r of reports) {
    if (r.issues.length) printIssues(io, r.issues, sources);
    if (!args.quiet) {
      io.out(r.valid
        ? `ok ${r.file}${r.warnings ? ` (${r.warnings} warning${r.warnings === 1 ? '' : 's'})` : ''}`
        : `invalid ${r.file}: ${r.errors} error${r.errors === 1 ? '' : 's'}`);
    }
  }
  return valid ? EXIT.ok : EXIT.input;
}
