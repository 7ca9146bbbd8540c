/** The events that fired in a run (events.csv): appended as they happen. */
export interface EventRow {
  step: number; kind: string; actor: string; target: string; value: number | null; source: 'scheduled' | 'rule' | 'decision'; note: string;
}

export interface EventSink {
  /** set false to only count (large worlds, benchmarks) */
  keep: boolean;
  rows: EventRow[];
  count: number;
  push(step: number, kind: string, actor: string, target: string, value: number | null, source: EventRow['source'], note?: string): void;
}

export function eventSink(keep = true): EventSink {
  return {
    keep, rows: [], count: 0,
    push(step, kind, actor, target, value, source, note = '') {
      this.count++;
      if (this.keep) this.rows.push({ step, kind, actor, target, value, source, note });
    },
  };
}
