/**
 * Where the cursor is in a YAML scenario, for completion and hover: the path of keys
 * to the map it is in ('[]' for a list item), and whether it is at a key or at the
 * value of one. Read from indentation and flow brackets, so it works while the file
 * is half typed and does not parse.
 */
export interface At { path: string[]; inKey: boolean; key?: string; word: string; wordFrom: number }

interface LineInfo { dash: number; key: number; name?: string; opens: boolean }

function info(line: string): LineInfo | null {
  if (!line.trim() || /^\s*#/.test(line)) return null;
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(line)!;
  const dash = m[2] ? m[1].length : -1;
  const key = m[1].length + m[2].length;
  const k = /^([A-Za-z_][\w.-]*)\s*:(\s*(#.*)?$|\s)/.exec(m[3]);
  return { dash, key, name: k?.[1], opens: !!k && /:\s*(#.*)?$/.test(m[3]) };
}

/** The path of the block container whose keys start at column `col` (lines above `row`). */
function containerPath(lines: string[], row: number, col: number): string[] {
  const path: string[] = [];
  let target = col;
  for (let r = row - 1; r >= 0 && target > 0; r--) {
    const li = info(lines[r]);
    if (!li) continue;
    if (li.dash >= 0 && li.dash < target && li.key === target) { path.push('[]'); target = li.dash; if (target === 0) break; continue; }
    if (li.dash >= 0 && li.dash < target && li.key < target) { path.push('[]'); target = li.dash; continue; }
    if (li.key < target && li.name && li.opens) { path.push(li.name); target = li.key; continue; }
    if (li.key < target) break;
  }
  // a list at column 0 under a key at column 0 (key:\n- item): the key owns it
  if (target === 0 && path[path.length - 1] === '[]') {
    for (let r = row - 1; r >= 0; r--) { const li = info(lines[r]); if (li && li.dash < 0 && li.key === 0 && li.name && li.opens) { path.push(li.name); break; } }
  }
  return path.reverse();
}

export function yamlPathAt(doc: string, pos: number): At {
  const ls = doc.lastIndexOf('\n', pos - 1) + 1;
  const before = doc.slice(ls, pos);
  const lines = doc.slice(0, ls).split('\n');
  const row = lines.length - 1;
  const wm = /[\w.-]*$/.exec(before)!;
  const word = wm[0], wordFrom = pos - word.length;
  // inside a flow map on this line: {a: 1, b|
  const open = before.lastIndexOf('{');
  if (open >= 0 && before.indexOf('}', open) < 0) {
    const head = before.slice(0, open);
    const hm = /^(\s*)((?:-\s+)*)(?:([A-Za-z_][\w.-]*)\s*:\s*)?$/.exec(head);
    let path: string[] = [];
    if (hm) {
      const col = hm[1].length + hm[2].length;
      path = containerPath(lines, row + 1, hm[2] ? hm[1].length : col);
      if (hm[2]) { path = containerPath(lines, row + 1, hm[1].length); path.push('[]'); }
      if (hm[3]) path.push(hm[3]);
    }
    const seg = before.slice(open + 1).split(',').pop()!;
    const vm = /^\s*([A-Za-z_][\w.-]*)\s*:\s*[^,]*$/.exec(seg);
    return vm ? { path, inKey: false, key: vm[1], word, wordFrom } : { path, inKey: true, word, wordFrom };
  }
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(before)!;
  const col = m[1].length + m[2].length;
  let path = containerPath(lines, row + 1, col);
  if (m[2]) { path = containerPath(lines, row + 1, m[1].length); path.push('[]'); }
  const vm = /^([A-Za-z_][\w.-]*)\s*:\s*(.*)$/.exec(m[3]);
  return vm ? { path, inKey: false, key: vm[1], word, wordFrom } : { path, inKey: true, word, wordFrom };
}

type JS = Record<string, any>;

/** The JSON Schema node at a path ('[]' = list items; anyOf options with properties are merged). */
export function schemaAt(schema: JS, path: string[]): JS | undefined {
  let n: JS | undefined = schema;
  for (const seg of path) {
    if (!n) return undefined;
    n = objectOf(n);
    if (seg === '[]') n = n.items;
    else n = n.properties?.[seg] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined);
  }
  return n;
}

function objectOf(n: JS): JS {
  if (n.properties || n.items) return n;
  const opt = (n.anyOf ?? n.oneOf ?? []).find((o: JS) => o.properties || o.items);
  return opt ? { ...n, ...opt } : n;
}

/** Keys allowed in the map at `path`, with their schemas. */
export function keysAt(schema: JS, path: string[]): [string, JS][] {
  const n = schemaAt(schema, path);
  return n ? Object.entries(objectOf(n).properties ?? {}) : [];
}
