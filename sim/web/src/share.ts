/**
 * The scenario in the address: #s= followed by the state (file name, YAML text, seed)
 * compressed with lz-string into URL-safe characters. Nothing is kept on a server: a
 * teacher sends the link, the page rebuilds the scenario from it.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';

export interface Shared { file: string; text: string; seed?: number }

export function encodeShare(s: Shared): string {
  return '#s=' + compressToEncodedURIComponent(JSON.stringify({ v: 1, f: s.file, t: s.text, ...(s.seed !== undefined ? { s: s.seed } : {}) }));
}

/** The state in a hash, or null when there is none or it does not decode. */
export function decodeShare(hash: string): Shared | null {
  const m = /^#?s=(.+)$/.exec(hash);
  if (!m) return null;
  try {
    const o = JSON.parse(decompressFromEncodedURIComponent(m[1]) ?? '');
    if (typeof o?.t !== 'string' || typeof o?.f !== 'string' || !/^scenarios\/[A-Za-z0-9_.-]+\.ya?ml$/.test(o.f)) return null;
    return { file: o.f, text: o.t, seed: Number.isInteger(o.s) ? o.s : undefined };
  } catch { return null; }
}
