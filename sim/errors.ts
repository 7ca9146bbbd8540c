/**
 * Issues and errors. Validation collects Issues (never throws for a user's mistake);
 * the CLI turns them into `file:line:col path: message` lines with the source line
 * and a caret, and into exit codes: usage 2, invalid input 3, run failure 4.
 */

export const EXIT = { ok: 0, usage: 2, input: 3, run: 4, internal: 70 } as const;

/** Closed list of issue codes. Tests assert on these, never on wording. */
export const ISSUE_CODES = [
  // file level
  'FILE_NOT_FOUND', 'FILE_NOT_REGULAR', 'FILE_UNREADABLE', 'FILE_TOO_LARGE', 'FILE_EMPTY', 'FILE_BINARY', 'FILE_NOT_UTF8',
  // YAML syntax
  'YAML_SYNTAX', 'YAML_DUPLICATE_KEY', 'YAML_TAB_INDENT', 'YAML_ALIAS_LIMIT', 'YAML_TOO_DEEP',
  'YAML_MULTIPLE_DOCUMENTS', 'YAML_NOT_A_MAP',
  // schema
  'UNKNOWN_KEY', 'MISSING_KEY', 'WRONG_TYPE', 'OUT_OF_RANGE', 'NOT_INTEGER', 'BAD_ENUM',
  'BAD_DATE', 'BAD_PATTERN', 'TOO_MANY_ITEMS', 'TOO_FEW_ITEMS', 'PERCENT_AS_FRACTION', 'NEGATIVE_RATE',
  // expressions
  'EXPR_SYNTAX', 'EXPR_FORBIDDEN', 'EXPR_UNKNOWN_SYMBOL', 'EXPR_TOO_LONG', 'EXPR_TOO_DEEP', 'EXPR_NOT_FINITE',
  // rules across fields
  'DUPLICATE_ID', 'UNKNOWN_COUNTRY', 'UNKNOWN_POLE', 'EVENT_OUTSIDE_HORIZON', 'EVENT_BAD_TARGET',
  'EVENT_MISSING_FIELD', 'EVENT_BOTH_DATE_AND_STEP', 'EVENT_NO_TIME', 'NO_COUNTRIES', 'POLE_AS_COUNTRY',
  'BAD_LINK', 'UNKNOWN_PARAMETER', 'EXTENDS_CYCLE', 'EXTENDS_NOT_FOUND', 'EXTENDS_TOO_DEEP',
  'CSV_SYNTAX', 'CSV_MISSING_COLUMN', 'CSV_BAD_VALUE', 'REMOVE_UNKNOWN',
  // CLI overrides
  'BAD_OVERRIDE',
  // sweeps
  'SWEEP_BAD_PATH', 'SWEEP_BAD_DESIGN', 'SWEEP_RESUME_MISMATCH',
  // output folders and the files in them
  'OUTPUT_FOLDER_IN_USE', 'OUTPUT_DAMAGED', 'TOO_LARGE',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
  code: IssueCode;
  /** dotted path in the document, e.g. `events[3].rate` */
  path: string;
  message: string;
  severity: 'error' | 'warning';
  file?: string;
  line?: number; // 1-based
  col?: number; // 1-based
}

/** A user's mistake: carries issues, exits 3 (input) or 2 (usage). */
export class UserError extends Error {
  constructor(
    message: string,
    public issues: Issue[] = [],
    public exitCode: number = EXIT.input,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class UsageError extends UserError {
  constructor(message: string) {
    super(message, [], EXIT.usage);
    this.name = 'UsageError';
  }
}

/** A run that failed for a reason outside the user's input (exit 4). */
export class RunError extends Error {
  exitCode = EXIT.run;
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

export function issue(
  code: IssueCode,
  path: string,
  message: string,
  pos?: { file?: string; line?: number; col?: number },
  severity: 'error' | 'warning' = 'error',
): Issue {
  return { code, path, message, severity, ...pos };
}

export const hasErrors = (issues: Issue[]) => issues.some((i) => i.severity === 'error');

/** `file:line:col path: message` followed by the source line and a caret. */
export function formatIssue(i: Issue, sources?: Map<string, string>): string {
  const where = [i.file ?? '<input>', i.line, i.col].filter((x) => x !== undefined).join(':');
  const sev = i.severity === 'warning' ? 'warning' : 'error';
  let out = `${where}: ${sev} ${i.code}${i.path ? ` ${i.path}` : ''}: ${i.message}`;
  const src = i.file ? sources?.get(i.file) : undefined;
  if (src !== undefined && i.line) {
    const line = src.split(/\r?\n/)[i.line - 1];
    if (line !== undefined && line.length <= 400) {
      const gutter = `${String(i.line).padStart(4)} | `;
      out += `\n${gutter}${line}\n${' '.repeat(gutter.length + Math.max(0, (i.col ?? 1) - 1))}^`;
    }
  }
  return out;
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  if (!m) return n;
  if (!n) return m;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const c = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** The closest candidates to `word` (at most `max`), best first. */
export function closest(word: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(word.length / 2));
  return candidates
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, max)
    .map((x) => x.c);
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  if (best.length) return `did you mean ${best.map((b) => `'${b}'`).join(' or ')}?`;
  return candidates.length <= 12 ? `allowed here: ${candidates.join(', ')}` : '';
}
