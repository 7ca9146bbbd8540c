/**
 * The sliders write into the YAML: the smallest text edit that sets one value, so
 * the user's comments, order and layout stay as they were. A value present in the
 * file is replaced where it stands; a missing one is added to its map (block or flow)
 * or, with its section, at the end; an event inherited through extends is changed by
 * adding `- {id: ..., key: value}` to this file's events (they merge by id).
 * Returns null when the text does not parse (the sliders wait until it does).
 */
import { parseDocument, isMap, isSeq, isScalar, type Document, type Node as YNode, type YAMLMap, type YAMLSeq } from 'yaml';

export interface Edit { from: number; to: number; insert: string }

/** A number as the YAML should show it: integers as they are, others to 4 significant digits. */
export const yamlNumber = (v: number) => (Number.isInteger(v) ? String(v) : String(+v.toPrecision(4)));

function parse(text: string): Document.Parsed | null {
  const doc = parseDocument(text, { uniqueKeys: false });
  return doc.errors.length || !isMap(doc.contents) ? null : doc;
}

const lineStart = (text: string, pos: number) => text.lastIndexOf('\n', pos - 1) + 1;
const lineEnd = (text: string, pos: number) => { const e = text.indexOf('\n', pos); return e < 0 ? text.length : e; };
const colOf = (text: string, pos: number) => pos - lineStart(text, pos);

/** An edit that adds `key: value` (value already YAML text) to a map node. */
function addToMap(text: string, map: YAMLMap, key: string, value: string): Edit {
  const [start, end] = map.range!;
  if (map.flow) {
    const close = text.lastIndexOf('}', end);
    const inner = text.slice(start + 1, close).trim();
    return { from: close, to: close, insert: `${inner ? ', ' : ''}${key}: ${value}` };
  }
  const first = map.items[0]?.key as YNode | undefined;
  const indent = first?.range ? colOf(text, first.range[0]) : colOf(text, start);
  const last = map.items[map.items.length - 1];
  const lastEnd = (last?.value as YNode | null)?.range?.[1] ?? (last?.key as YNode | undefined)?.range?.[1] ?? end;
  const at = lineEnd(text, Math.max(start, lastEnd - 1));
  return { from: at, to: at, insert: `\n${' '.repeat(indent)}${key}: ${value}` };
}

/** An edit that appends an item (flow text) to a sequence node. */
function addToSeq(text: string, seq: YAMLSeq, item: string): Edit {
  const [start, end] = seq.range!;
  if (seq.flow) {
    const close = text.lastIndexOf(']', end);
    const inner = text.slice(start + 1, close).trim();
    return { from: close, to: close, insert: `${inner ? ', ' : ''}${item}` };
  }
  const last = seq.items[seq.items.length - 1] as YNode | undefined;
  const dash = lineStart(text, start) + (text.slice(lineStart(text, start)).search(/-/));
  const indent = colOf(text, dash);
  const at = lineEnd(text, Math.max(start, (last?.range?.[1] ?? end) - 1));
  return { from: at, to: at, insert: `\n${' '.repeat(indent)}- ${item}` };
}

/** Text for new sections at the end of the document: path [a, b] and value v gives "a:\n  b: v". */
function appendSections(text: string, path: string[], value: string): Edit {
  let s = text.endsWith('\n') ? '' : '\n';
  path.forEach((k, d) => { s += `${'  '.repeat(d)}${k}:${d === path.length - 1 ? ` ${value}` : ''}\n`; });
  return { from: text.length, to: text.length, insert: (text.endsWith('\n\n') || !text.length ? '' : '\n') + s };
}

/** Set a scalar at a path of map keys (e.g. ['model', 'elasticity']). */
export function setAt(text: string, path: string[], value: string): Edit | null {
  const doc = parse(text);
  if (!doc) return null;
  let node: unknown = doc.contents;
  for (let d = 0; d < path.length; d++) {
    const map = node as YAMLMap;
    if (!isMap(map)) return null;
    const next = map.get(path[d], true) as YNode | undefined;
    if (next === undefined || next === null) {
      const rest = path.slice(d);
      if (d === 0) return appendSections(text, rest, value);
      if (rest.length === 1) return addToMap(text, map, rest[0], value);
      // nested sections missing under an existing map: add them as a flow map
      const flow = rest.slice(1).reduceRight((acc, k) => `{${k}: ${acc}}`, value);
      return addToMap(text, map, rest[0], flow);
    }
    if (d === path.length - 1) {
      if (!isScalar(next) || !next.range) return null;
      return { from: next.range[0], to: next.range[1], insert: value };
    }
    node = next;
  }
  return null;
}

/** Set `key` of the event with this id: in place when the file lists it, else as an override merged by id. */
export function setEventField(text: string, id: string | undefined, index: number, key: string, value: string, inherited: boolean): Edit | null {
  const doc = parse(text);
  if (!doc) return null;
  const root = doc.contents as YAMLMap;
  const seq = root.get('events', true) as YAMLSeq | undefined;
  const items = isSeq(seq) ? seq.items as YNode[] : [];
  let item: YNode | undefined;
  if (id !== undefined) item = items.find((it) => isMap(it) && String((it as YAMLMap).get('id')) === id);
  else if (!inherited) item = items[index];
  if (item && isMap(item)) {
    const v = item.get(key, true) as YNode | undefined;
    if (v && isScalar(v) && v.range) return { from: v.range[0], to: v.range[1], insert: value };
    return addToMap(text, item, key, value);
  }
  if (id === undefined) return null;
  const entry = `{id: ${id}, ${key}: ${value}}`;
  if (isSeq(seq)) return addToSeq(text, seq, entry);
  if (root.has('events')) return null;
  return { from: text.length, to: text.length, insert: `${text.endsWith('\n') ? '' : '\n'}\nevents:\n  - ${entry}\n` };
}

export function applyEdit(text: string, e: Edit): string { return text.slice(0, e.from) + e.insert + text.slice(e.to); }
