import { LitElement, css, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { EditorState, Compartment, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';

/** Detail of `code-commit`: the edited text. */
export interface CodeCommitDetail {
  value: string;
}

/**
 * `<t5-code-editor>`: a CodeMirror 6 editor for a cell's source. Edits are committed — a
 * `code-commit` event — with Shift+Enter or when the editor loses focus, so a half-typed line
 * never runs. Shift+Enter on unchanged text sends `code-run` (the notebook re-runs the cell).
 */
export class CodeEditor extends LitElement {
  @property() value = '';
  /** 'javascript' highlights code; 'text' is plain (markdown sources). */
  @property() language: 'javascript' | 'text' = 'javascript';
  @property({ type: Boolean }) readonly = false;
  @property() label = 'Cell source';

  private view?: EditorView;
  private readonly readOnly = new Compartment();

  static override styles = css`
    :host { display: block; border: 1px solid #e3e5e8; border-radius: 6px; background: #fbfbfc; overflow: hidden; }
    :host(:focus-within) { border-color: #0072b2; box-shadow: 0 0 0 2px rgb(0 114 178 / 0.15); }
    .cm-editor { font-size: 13px; }
    .cm-editor.cm-focused { outline: none; }
    .cm-scroller { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; line-height: 1.5; max-height: 420px; }
    .cm-gutters { background: #f3f4f6; border-right: 1px solid #e3e5e8; color: #9aa0a8; }
    .cm-activeLine { background: rgb(0 114 178 / 0.04); }
  `;

  /** The text in the editor now (possibly not yet committed). */
  get draft(): string {
    return this.view?.state.doc.toString() ?? this.value;
  }

  private commit(): boolean {
    const value = this.draft;
    if (value === this.value) return false;
    this.value = value;
    this.dispatchEvent(new CustomEvent<CodeCommitDetail>('code-commit', { detail: { value }, bubbles: true, composed: true }));
    return true;
  }

  /** Shift+Enter: commit an edit (which re-runs the cell), or ask to run the unchanged code. */
  private commitOrRun(): boolean {
    if (!this.commit()) this.dispatchEvent(new CustomEvent('code-run', { bubbles: true, composed: true }));
    return true;
  }

  private extensions(): Extension[] {
    return [
      lineNumbers(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      indentOnInput(),
      bracketMatching(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      ...(this.language === 'javascript' ? [javascript()] : [EditorView.lineWrapping]),
      this.readOnly.of(EditorState.readOnly.of(this.readonly)),
      keymap.of([{ key: 'Shift-Enter', run: () => this.commitOrRun() }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
      EditorView.contentAttributes.of({ 'aria-label': this.label }),
      EditorView.domEventHandlers({ blur: () => { this.commit(); return false; } }),
    ];
  }

  override firstUpdated(): void {
    this.view = new EditorView({
      state: EditorState.create({ doc: this.value, extensions: this.extensions() }),
      parent: this.renderRoot as ShadowRoot,
      root: this.renderRoot as ShadowRoot,
    });
  }

  override updated(changed: PropertyValues<this>): void {
    const view = this.view;
    if (!view) return;
    if (changed.has('value') && view.state.doc.toString() !== this.value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: this.value } });
    }
    if (changed.has('readonly')) view.dispatch({ effects: this.readOnly.reconfigure(EditorState.readOnly.of(this.readonly)) });
  }

  /** Moves the keyboard focus into the editor. */
  override focus(): void {
    this.view?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Lit re-connects moved elements; only a removed editor is destroyed (on the next frame).
    requestAnimationFrame(() => {
      if (!this.isConnected) {
        this.view?.destroy();
        this.view = undefined;
      }
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.view) this.firstUpdated();
  }
}

if (!customElements.get('t5-code-editor')) customElements.define('t5-code-editor', CodeEditor);
