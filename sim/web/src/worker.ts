/** The engine's worker: loads, validates and runs scenarios off the page's main thread. */
import { putFiles, load, run, replicate, fileBytes, resolvedOf, template } from './host.ts';
import { SHIPPED } from './files.ts';
import type { Request, Reply } from './protocol.ts';

putFiles(SHIPPED);

const post = (r: Reply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);

function buffersOf(x: unknown, out: Transferable[] = [], seen = new Set<ArrayBufferLike>()): Transferable[] {
  if (ArrayBuffer.isView(x)) { if (!seen.has(x.buffer)) { seen.add(x.buffer); out.push(x.buffer as ArrayBuffer); } }
  else if (Array.isArray(x)) for (const v of x) buffersOf(v, out, seen);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) buffersOf(v, out, seen);
  return out;
}

self.onmessage = async (ev: MessageEvent<Request>) => {
  const q = ev.data;
  try {
    if (q.type === 'put') { putFiles(q.files); post({ type: 'ok', id: q.id }); return; }
    if (q.type === 'check') {
      const t0 = performance.now();
      const { scenario, issues } = await load(q.file, q.text, q.seed);
      const loadMs = performance.now() - t0;
      if (!scenario) { post({ type: 'check', id: q.id, issues, valid: false, ms: loadMs }); return; }
      const resolved = resolvedOf(scenario, q.text);
      const data = q.run ? run(scenario, q.file, q.seed, loadMs) : undefined;
      post({ type: 'check', id: q.id, issues, valid: true, resolved, run: data, ms: performance.now() - t0 }, buffersOf(data));
      return;
    }
    if (q.type === 'replicate') {
      const { scenario, issues } = await load(q.file, q.text);
      if (!scenario) { post({ type: 'replicate', id: q.id, issues }); return; }
      const data = replicate(scenario, q.seed, q.n, (done) => post({ type: 'progress', id: q.id, done, of: q.n }));
      post({ type: 'replicate', id: q.id, data, issues }, buffersOf(data));
      return;
    }
    if (q.type === 'file') { const b = fileBytes(q.name); post({ type: 'file', id: q.id, name: q.name, bytes: b && b.slice() }); return; }
    if (q.type === 'template') { post({ type: 'template', id: q.id, text: await template(q.name, q.from) }); return; }
  } catch (e) {
    post({ type: 'error', id: (q as { id: number }).id, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
};
