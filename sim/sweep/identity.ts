/** The identity of a sweep: what resumes and merges compare. */
import { createHash } from 'node:crypto';
import type { Sweep } from './spec.ts';

/** sha256 of the resolved sweep and the base scenario's files. */
export function sweepIdOf(sw: Sweep): string {
  return createHash('sha256').update(JSON.stringify({ sweep: sw.spec, scenario: sw.scenario.hash })).digest('hex');
}
