/**
 * Reading scenario text safely and turning YAML into located nodes (LNode).
 * Hostile input is refused with an issue, never a stack trace: size limit, binary
 * content, invalid UTF-8, an empty file, deep nesting, alias bombs, tabs, several
 * documents, a top level that is not a map. A BOM and CRLF line ends are accepted.
 */
import { readRegularFile, FileReadError } from '../io/files.ts';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isAlias, isPair, type Node as YNode, type Document } from 'yaml';
import { type Issue, issue } from '../errors.ts';
import type { LNode, Loc } from './dsl.ts';

/**
 * Limits. The YAML parser needs tens of microseconds per line, so a scenario file is
 * kept to what a person edits (the baseline has 7 KB); many countries go in a
 * countries_file CSV (read by a fast CSV parser) or a synthetic world.
 */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_CSV_BYTES = 64 * 1024 * 1024;
/** lines plus commas: a bound on the number of YAML nodes, checked before parsing */
export const MAX_YAML_ITEMS = 20_000;
export const MAX_NESTING = 64;
export const MAX_NODES = 500_000;
/** nodes that aliases may expand to, in all (a scenario rarely needs aliases at all) */
export const MAX_ALIAS_NODES = 20_000;

export interface Source { file: string; text: string }

/** Read a text file; on failure returns issues instead. */
export function readText(path: string, what = 'scenario', file = path, maxBytes = MAX_FILE_BYTES): { text?: string; issues: Issue[] } {
  const pos = { file, line: 1, col: 1 };
  let buf: Buffer;
  try {
    // only regular files, size-capped on the open file (a FIFO, /dev/zero or /dev/urandom is refused, never read)
    buf = readRegularFile(path, maxBytes);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    switch (e.problem) {
      case 'folder': return { issues: [issue('FILE_NOT_FOUND', '', `${file} is a folder, not a ${what} file; give the path of a file`, pos)] };
      case 'missing': return { issues: [issue('FILE_NOT_FOUND', '', `no such ${what} file; check the path (relative to the current folder, or to the file that names it)`, pos)] };
      case 'not-regular': return { issues: [issue('FILE_NOT_REGULAR', '', `${file} is not a regular file (a device, a pipe or a socket); a ${what} must be a file`, pos)] };
      case 'too-large': return { issues: [issue('FILE_TOO_LARGE', '', `the file has ${e.size} bytes or more, more than the ${maxBytes / 1048576} MiB allowed for a ${what}; for large worlds use world: {type: synthetic} or a countries_file`, pos)] };
      case 'unreadable': return { issues: [issue('FILE_UNREADABLE', '', `cannot read the ${what} file (${e.message.replace(/^.*?\(/, '').replace(/\).*$/, '')}); check its permissions`, pos)] };
    }
  }
  if (buf.includes(0)) return { issues: [issue('FILE_BINARY', '', `the file contains NUL bytes: it is binary, not a YAML text file`, pos)] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { issues: [issue('FILE_NOT_UTF8', '', 'the file is not valid UTF-8 text; save it as UTF-8', pos)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM accepted
  return { text, issues: [] };
}

/** Rough pre-scan for flow nesting depth, before the parser recurses. */
function nestingDepth(text: string): { depth: number; offset: number } {
  let depth = 0, max = 0, at = 0, quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = ''; else if (c === '\n') quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') { const nl = text.indexOf('\n', i); if (nl < 0) break; i = nl; }
    else if (c === '[' || c === '{') { depth++; if (depth > max) { max = depth; at = i; } }
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  // block nesting: indentation levels
  let maxIndent = 0, indentAt = 0, off = 0;
  for (const line of text.split('\n')) {
    const m = /^( *)(- +)*/.exec(line);
    const ind = m ? m[0].length : 0;
    if (line.trim() && ind > maxIndent) { maxIndent = ind; indentAt = off; }
    off += line.length + 1;
  }
  const blockDepth = Math.floor(maxIndent / 2);
  return blockDepth > max ? { depth: blockDepth, offset: indentAt } : { depth: max, offset: at };
}

export function parseYaml(text: string, file: string): { node?: LNode; issues: Issue[] } {
  const lc = new LineCounter();
  const loc = (offset: number): Loc => { const p = lc.linePos(offset); return { file, line: p.line, col: p.col }; };
  const issues: Issue[] = [];
  if (!text.trim() || text.split('\n').every((l) => !l.trim() || /^\s*#/.test(l) || /^---\s*$/.test(l))) {
    return { issues: [issue('FILE_EMPTY', '', 'the file is empty; a scenario is a YAML map, e.g. `name: my-scenario` (run `hedgesim new NAME` for a commented start)', { file, line: 1, col: 1 })] };
  }
  let items = 0;
  for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); if (c === 10 || c === 44) items++; }
  if (items > MAX_YAML_ITEMS) {
    return { issues: [issue('FILE_TOO_LARGE', '', `the file has ${items} lines and list items, more than the ${MAX_YAML_ITEMS} a scenario file may hold; list many countries in a countries_file CSV, or use world: {type: synthetic}`, { file, line: 1, col: 1 })] };
  }
  const nest = nestingDepth(text);
  // lineCounter needs the parse to fill it; compute the position by hand here
  const posOf = (offset: number) => { const before = text.slice(0, offset); const line = before.split('\n').length; return { file, line, col: offset - before.lastIndexOf('\n') }; };
  if (nest.depth > MAX_NESTING) {
    return { issues: [issue('YAML_TOO_DEEP', '', `the document nests ${nest.depth} levels deep, more than the ${MAX_NESTING} allowed; a scenario needs only a few levels`, posOf(nest.offset))] };
  }
  const tabLine = text.split('\n').findIndex((l) => /^ *\t/.test(l));
  if (tabLine >= 0) {
    const col = text.split('\n')[tabLine].indexOf('\t') + 1;
    return { issues: [issue('YAML_TAB_INDENT', '', 'a tab is used for indentation; YAML indents with spaces only (replace the tab with spaces)', { file, line: tabLine + 1, col })] };
  }
  let doc: Document.Parsed;
  try {
    // duplicate keys are found while walking (the parser's own check is quadratic)
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, strict: true });
  } catch (e) {
    return { issues: [issue('YAML_SYNTAX', '', `cannot read the YAML: ${(e as Error).message.split('\n')[0]}`, { file, line: 1, col: 1 })] };
  }
  for (const err of doc.errors) {
    const code = err.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : err.code === 'TAB_AS_INDENT' ? 'YAML_TAB_INDENT' : err.code === 'MULTIPLE_DOCS' ? 'YAML_MULTIPLE_DOCUMENTS' : 'YAML_SYNTAX';
    const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const fix = code === 'YAML_DUPLICATE_KEY' ? '; each key may appear once in a map: remove or rename one of them'
      : code === 'YAML_MULTIPLE_DOCUMENTS' ? '; a scenario file holds one document: remove the extra ---'
      : '; check indentation (spaces, aligned under the parent key), colons after keys, and closing quotes or brackets';
    issues.push(issue(code, '', first + fix, loc(err.pos[0])));
  }
  if (issues.length) return { issues };
  if (!isMap(doc.contents)) {
    const where = doc.contents?.range ? loc(doc.contents.range[0]) : { file, line: 1, col: 1 };
    return { issues: [issue('YAML_NOT_A_MAP', '', `the top level must be a map of keys such as name:, countries:, events:; got ${isSeq(doc.contents) ? 'a list' : 'a single value'}`, where)] };
  }
  let budget = MAX_NODES, aliasBudget = MAX_ALIAS_NODES;
  const anchors = new Set<YNode>();
  const walk = (n: YNode | null | undefined, depth: number, at: Loc, path = ''): LNode => {
    if (--budget < 0 || (anchors.size > 0 && --aliasBudget < 0)) throw new AliasBomb(at);
    if (depth > MAX_NESTING) throw new TooDeep(at);
    if (!n) return { kind: 'scalar', value: null, loc: at };
    const here = n.range ? loc(n.range[0]) : at;
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (!target || anchors.has(target)) throw new AliasBomb(here);
      anchors.add(target);
      try { return walk(target as YNode, depth + 1, here, path); } finally { anchors.delete(target); }
    }
    if (isScalar(n)) return { kind: 'scalar', value: n.value instanceof Date ? n.value.toISOString().slice(0, 10) : n.value, loc: here };
    if (isSeq(n)) return { kind: 'seq', items: n.items.map((it, i) => walk(it as YNode, depth + 1, here, `${path}[${i}]`)), loc: here };
    if (isMap(n)) {
      const entries = new Map<string, { keyLoc: Loc; node: LNode }>();
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const k = p.key as YNode | null;
        const keyLoc = k?.range ? loc(k.range[0]) : here;
        let key: string;
        if (isScalar(k)) key = String(k.value);
        else { issues.push(issue('WRONG_TYPE', '', 'a key must be a plain name, not a list or a map', keyLoc)); continue; }
        if (key === '<<') { issues.push(issue('YAML_SYNTAX', key, 'merge keys (<<) are not supported; use extends: to inherit a scenario', keyLoc)); continue; }
        const first = entries.get(key);
        if (first) {
          issues.push(issue('YAML_DUPLICATE_KEY', path ? `${path}.${key}` : key, `the key ${JSON.stringify(key)} appears twice in this map (first on line ${first.keyLoc.line}); each key may appear once: remove or rename one of them`, keyLoc));
          continue;
        }
        entries.set(key, { keyLoc, node: walk(p.value as YNode, depth + 1, keyLoc, path ? `${path}.${key}` : key) });
      }
      return { kind: 'map', entries, loc: here };
    }
    return { kind: 'scalar', value: null, loc: here };
  };
  try {
    const node = walk(doc.contents as YNode, 0, { file, line: 1, col: 1 });
    return { node, issues };
  } catch (e) {
    if (e instanceof AliasBomb) return { issues: [issue('YAML_ALIAS_LIMIT', '', 'aliases (*name) expand to too much data or refer to themselves; write the values out', e.at)] };
    if (e instanceof TooDeep) return { issues: [issue('YAML_TOO_DEEP', '', `the document nests more than ${MAX_NESTING} levels deep`, e.at)] };
    if (e instanceof RangeError) return { issues: [issue('YAML_TOO_DEEP', '', 'the document is too deeply nested to read', { file, line: 1, col: 1 })] };
    throw e;
  }
}

class AliasBomb { constructor(public at: Loc) {} }
class TooDeep { constructor(public at: Loc) {} }

/** Plain JS value → LNode (for CSV rows and --set values), all at one location. */
export function fromJS(v: unknown, loc: Loc): LNode {
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((x) => fromJS(x, loc)), loc };
  if (v && typeof v === 'object') {
    const entries = new Map<string, { keyLoc: Loc; node: LNode }>();
    for (const [k, x] of Object.entries(v)) entries.set(k, { keyLoc: loc, node: fromJS(x, loc) });
    return { kind: 'map', entries, loc };
  }
  return { kind: 'scalar', value: v, loc };
}

export function toJS(n: LNode): unknown {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(toJS);
  const o: Record<string, unknown> = {};
  // defineProperty: a key named __proto__ is an own property, never the object's prototype
  for (const [k, { node }] of n.entries) Object.defineProperty(o, k, { value: toJS(node), enumerable: true, writable: true, configurable: true });
  return o;
}
