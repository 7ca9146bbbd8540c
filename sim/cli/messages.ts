/** The CLI's messages: the process's streams, issues with their carets, and exceptions mapped to exit codes. */
import { formatIssue, type Issue, UserError, RunError, EXIT } from '../errors.ts';
import type { CliIO } from '../io/console.ts';
import { FileReadError } from '../io/files.ts';

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
  if (e instanceof FileReadError) {
    io.err(`hedgesim: cannot read: ${e.message}`);
    return EXIT.input;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && (err.code === 'ENOSPC' || err.code === 'EDQUOT' || err.code === 'EFBIG' || err.code === 'EROFS')) {
    io.err(`hedgesim: cannot write: ${err.message}; check the free space (and quota) of the --out folder; the output that was there is unchanged`);
    return EXIT.run;
  }
  if (err && (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'ENOTDIR' || err.code === 'EEXIST' || err.code === 'ELOOP')) {
    io.err(`hedgesim: ${err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : 'cannot use this path'}: ${err.message}; check the permissions of the files and folders named`);
    return err.syscall === 'open' && /O_RDONLY|read/.test(String(err.message)) ? EXIT.input : EXIT.run;
  }
  io.err(`hedgesim: internal error (please report it with the command you ran):\n${(e as Error)?.stack ?? String(e)}`);
  return EXIT.internal;
}
