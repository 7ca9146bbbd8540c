/**
 * The YAML editor: CodeMirror 6 with the YAML language, the project's own validation
 * (the issues of `hedgesim validate`, underlined at their line and column), and
 * completion and hover from the scenario JSON Schema (generated from the one schema in
 * sim/scenario/schema.ts, as `hedgesim schema` prints it).
 */
import { EditorView, basicSetup } from 'codemirror';
import { EditorState, Annotation, type Extension } from '@codemirror/state';
import { hoverTooltip } from '@codemirror/view';
import { yaml } from '@codemirror/lang-yaml';
import { setDiagnostics, lintGutter, type Diagnostic } from '@codemirror/lint';
import { autocompletion, type CompletionContext, type Completion } from '@codemirror/autocomplete';
import { scenarioJsonSchema } from '../../scenario/jsonschema.ts';
import { yamlPathAt, schemaAt, keysAt } from './yamlpath.ts';
import type { Edit } from './yamledit.ts';
import type { IssueOut } from './protocol.ts';

/** Changes made by the page (the sliders, the menu) rather than typed. */
export const fromPage = Annotation.define<string>();

const SCHEMA = scenarioJsonSchema() as Record<string, any>;

function typeOf(s: Record<string, any>): string {
  if (s.enum) return s.enum.join(' | ');
  if (s.anyOf) return s.anyOf.map((o: Record<string, any>) => o.type ?? 'object').join(' or ');
  return s.type ?? '';
}

function docOf(key: string, s: Record<string, any>): string {
  return `${key}: ${s.description ?? ''}${s.default !== undefined ? ` [default: ${JSON.stringify(s.default)}]` : ''}${s.enum ? ` [one of: ${s.enum.join(', ')}]` : ''}`;
}

function complete(ctx: CompletionContext) {
  const at = yamlPathAt(ctx.state.doc.toString(), ctx.pos);
  if (!ctx.explicit && !at.word && at.inKey) return null;
  if (at.inKey) {
    const options: Completion[] = keysAt(SCHEMA, at.path).map(([k, s]) => ({
      label: k, type: 'property', detail: typeOf(s), info: docOf(k, s), apply: `${k}: `,
    }));
    return options.length ? { from: at.wordFrom, options, validFor: /^[\w.-]*$/ } : null;
  }
  const s = at.key ? schemaAt(SCHEMA, [...at.path, at.key]) : undefined;
  if (!s) return null;
  const vals: Completion[] = [];
  if (s.enum) for (const v of s.enum) vals.push({ label: String(v), type: 'enum', info: docOf(at.key!, s) });
  if (s.type === 'boolean') for (const v of ['true', 'false']) vals.push({ label: v, type: 'keyword' });
  if (!vals.length && s.default !== undefined) vals.push({ label: String(s.default), type: 'constant', detail: 'default', info: docOf(at.key!, s) });
  return vals.length ? { from: at.wordFrom, options: vals, validFor: /^[\w.-]*$/ } : null;
}

const hover = hoverTooltip((view, pos) => {
  const line = view.state.doc.lineAt(pos);
  const text = line.text;
  let a = pos - line.from, b = a;
  while (a > 0 && /[\w.-]/.test(text[a - 1])) a--;
  while (b < text.length && /[\w.-]/.test(text[b])) b++;
  if (a === b || !/^\s*:/.test(text.slice(b))) return null;
  const key = text.slice(a, b);
  const at = yamlPathAt(view.state.doc.toString(), line.from + a);
  const s = schemaAt(SCHEMA, [...at.path, key]);
  if (!s) return null;
  return {
    pos: line.from + a, end: line.from + b, above: true,
    create: () => { const d = document.createElement('div'); d.className = 'cm-schema-doc'; d.textContent = docOf(key, s); return { dom: d }; },
  };
});

export class ScenarioEditor {
  readonly view: EditorView;
  constructor(host: HTMLElement, text: string, onChange: (text: string, origin: string) => void, extra: Extension[] = []) {
    this.view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: text,
        extensions: [
          basicSetup, yaml(), lintGutter(), autocompletion({ override: [complete] }), hover,
          EditorView.contentAttributes.of({ 'aria-label': 'Scenario YAML editor' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            const origin = u.transactions.map((t) => t.annotation(fromPage)).find((x) => x) ?? 'typing';
            onChange(u.state.doc.toString(), origin);
          }),
          ...extra,
        ],
      }),
    });
    // the scroller is a tab stop of its own, so keyboard users can scroll it (axe: scrollable-region-focusable)
    this.view.scrollDOM.tabIndex = 0;
    this.view.scrollDOM.setAttribute('role', 'region');
    this.view.scrollDOM.setAttribute('aria-label', 'Scenario YAML (scroll area)');
  }
  get text(): string { return this.view.state.doc.toString(); }
  setText(text: string, origin = 'menu'): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text }, annotations: fromPage.of(origin) });
  }
  apply(e: Edit, origin = 'slider'): void {
    this.view.dispatch({ changes: e, annotations: fromPage.of(origin) });
  }
  /** Underline the issues of `file` at their line and column (others, e.g. in an inherited file, at the top). */
  showIssues(issues: IssueOut[], file: string): void {
    const doc = this.view.state.doc;
    const diags: Diagnostic[] = issues.map((i) => {
      const here = i.file === file && i.line !== undefined;
      const line = doc.line(Math.max(1, Math.min(doc.lines, here ? i.line! : 1)));
      const from = Math.min(line.to, line.from + Math.max(0, (here ? i.col ?? 1 : 1) - 1));
      const m = /^[^\s,:}\]]+/.exec(doc.sliceString(from, line.to));
      const to = Math.min(line.to, from + Math.max(1, m ? m[0].length : line.to - from));
      const where = here ? '' : `${[i.file, i.line, i.col].filter((x) => x !== undefined).join(':')}: `;
      return { from, to: Math.max(to, from), severity: i.severity, source: i.code, message: `${where}${i.code}${i.path ? ` ${i.path}` : ''}: ${i.message}` };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diags));
  }
  goTo(line: number, col = 1): void {
    const doc = this.view.state.doc;
    const l = doc.line(Math.max(1, Math.min(doc.lines, line)));
    const pos = Math.min(l.to, l.from + col - 1);
    this.view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    this.view.focus();
  }
}
