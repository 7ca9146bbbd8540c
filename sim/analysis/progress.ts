/**
 * Progress lines for long analysis work: on stderr, only when it is a terminal
 * (CliIO.isTTY). Each tick rewrites the previous progress line in place.
 */
import type { CliIO } from '../io/console.ts';

export interface Progress {
  tick(done: number, total: number, what: string): void;
}

export function progress(io: CliIO, label: string): Progress {
  if (!io.isTTY) return { tick() {} };
  const t0 = performance.now();
  let shown = false;
  return {
    tick(done, total, what) {
      const s = (performance.now() - t0) / 1000;
      const left = done > 0 && done < total ? `, ~${((s / done) * (total - done)).toFixed(0)} s left` : '';
      io.err(`${shown ? '\x1b[1A\r\x1b[2K' : ''}${label} ${done}/${total}: ${what} (${s.toFixed(1)} s${left})`);
      shown = true;
    },
  };
}
