/**
 * node:crypto in the browser: createHash('sha256') over @noble/hashes, giving the
 * same digest as Node's for the same input (strings hashed as UTF-8, as Node does);
 * the scenario hash in manifest.json is the same in the page and in the CLI; and
 * randomBytes for the names of temporary files.
 */
import { sha256 } from '@noble/hashes/sha2.js';

const enc = new TextEncoder();

export function createHash(algorithm: string) {
  if (algorithm.toLowerCase() !== 'sha256') throw new Error(`createHash: only sha256 is available in the browser, got ${algorithm}`);
  const h = sha256.create();
  const api = {
    update(data: string | Uint8Array) { h.update(typeof data === 'string' ? enc.encode(data) : data); return api; },
    digest(encoding?: string): any {
      const d = h.digest();
      if (encoding === 'hex') return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
      if (encoding) throw new Error(`digest: only hex is available in the browser, got ${encoding}`);
      return d;
    },
  };
  return api;
}
/** n random bytes from the page's crypto.getRandomValues; toString('hex') as Node's Buffer gives it. */
export function randomBytes(n: number): Uint8Array & { toString(encoding?: string): string } {
  const b = crypto.getRandomValues(new Uint8Array(n)) as Uint8Array & { toString(encoding?: string): string };
  b.toString = (encoding?: string) => {
    if (encoding !== 'hex') throw new Error(`randomBytes: only hex is available in the browser, got ${encoding}`);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  };
  return b;
}
export default { createHash, randomBytes };
