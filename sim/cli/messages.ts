/** The CLI's messages: the process's streams, issues with their carets, and exceptions mapped to exit codes. */
import { formatIssue, type Issue, UserError, RunError, EXIT } from '../errors.ts';
import type { CliIO } from '../io/console.ts';

export type { CliIO };

export const processIO: CliIO = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'),
  isTTY: !!process.stderr.isTTY && !process.env.CI,
};

export function printIssues(io: CliIO, issues: Issue[], sources?: Map<string, string>): void {
  for (const i of issues) io.err(formatIssue(i, sources));
  const e = issues.filter((i) => i.severity === 'error').length;
  const w = issues.length - e;
  if (e || w) io.err(`${e} error${e === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}`);
}

/** Map an exception to an exit code with a message; stack traces only for internal errors. */
export function reportError(io: CliIO, e: unknown): number {
  if (e instanceof UserError) {
    if (e.issues.length) printIssues(io, e.issues);
    else io.err(`hedgesim: ${e.message}`);
    return e.exitCode;
  }
  if (e instanceof RunError) {
    io.err(`hedgesim: run failed: ${e.message}`);
    return EXIT.run;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && (err.code === 'EACCES' || err.code === 'ENOSPC' || err.code === 'EROFS' || err.code === 'ENOTDIR' || err.code === 'EEXIST')) {
    io.err(`hedgesim: cannot write: ${err.message}; check the --out folder and free space`);
    return EXIT.run;
  }
  io.err(`hedgesim: internal error (please report it with the command you ran):\n${(e as Error)?.stack ?? String(e)}`);
  return EXIT.internal;
}
