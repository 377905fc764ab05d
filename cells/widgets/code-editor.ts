import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { CodeMirrorHandle } from './codemirror-view.ts';

type CodeMirrorModule = typeof import('./codemirror-view.ts');
let codeMirror: CodeMirrorModule | undefined;
let loadingCodeMirror: Promise<CodeMirrorModule> | undefined;

/** Loads the CodeMirror chunk once; later editors are created synchronously. */
function loadCodeMirror(): Promise<CodeMirrorModule> {
  loadingCodeMirror ??= import('./codemirror-view.ts').then((m) => (codeMirror = m));
  return loadingCodeMirror;
}

/** Detail of `code-commit`: the edited text. */
export interface CodeCommitDetail {
  value: string;
}

/**
 * `<t5-code-editor>`: a CodeMirror 6 editor for a cell's source. Edits are committed — a
 * `code-commit` event — with Shift+Enter or when the editor loses focus, so a half-typed line
 * never runs. Shift+Enter on unchanged text sends `code-run` (the notebook re-runs the cell).
 * CodeMirror itself is loaded with the first editor (codemirror-view.ts); until then the source
 * shows as plain text.
 */
export class CodeEditor extends LitElement {
  @property() value = '';
  /** 'javascript' highlights code; 'text' is plain (markdown sources). */
  @property() language: 'javascript' | 'text' = 'javascript';
  @property({ type: Boolean }) readonly = false;
  @property() label = 'Cell source';

  private view?: CodeMirrorHandle;
  private wantsFocus = false;

  static override styles = css`
    :host {
      display: block;
      border: 1px solid #e3e5e8;
      border-radius: 6px;
      background: #fbfbfc;
      overflow: hidden;
    }
    :host(:focus-within) {
      border-color: #0072b2;
      box-shadow: 0 0 0 2px rgb(0 114 178 / 0.15);
    }
    .cm-editor {
      font-size: 13px;
    }
    .cm-editor.cm-focused {
      outline: none;
    }
    .cm-scroller {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      line-height: 1.5;
      max-height: 420px;
    }
    .cm-gutters {
      background: #f3f4f6;
      border-right: 1px solid #e3e5e8;
      color: #9aa0a8;
    }
    .cm-activeLine {
      background: rgb(0 114 178 / 0.04);
    }
    :host([ready]) pre.pending {
      display: none;
    }
    pre.pending {
      margin: 0;
      padding: 4px 8px 4px 38px;
      font:
        13px/1.5 ui-monospace,
        SFMono-Regular,
        Menlo,
        Consolas,
        monospace;
      white-space: pre-wrap;
      color: #1f2328;
    }
  `;

  /** The text in the editor now (possibly not yet committed). */
  get draft(): string {
    return this.view?.text() ?? this.value;
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

  private createView(m: CodeMirrorModule): void {
    if (this.view || !this.isConnected) return;
    this.view = m.createCodeMirror({
      root: this.renderRoot as ShadowRoot,
      // Inside an element of the template: Lit clears its own parts, which would take the editor along.
      parent: this.renderRoot.querySelector('.cm-host') as HTMLElement,
      value: this.value,
      language: this.language,
      readonly: this.readonly,
      label: this.label,
      onCommitOrRun: () => this.commitOrRun(),
      onBlur: () => {
        this.commit();
      },
    });
    this.toggleAttribute('ready', true);
    if (this.wantsFocus) {
      this.wantsFocus = false;
      this.view.focus();
    }
  }

  override firstUpdated(): void {
    if (codeMirror) this.createView(codeMirror);
    else void loadCodeMirror().then((m) => this.createView(m));
  }

  override updated(changed: PropertyValues<this>): void {
    const view = this.view;
    if (!view) return;
    if (changed.has('value')) view.setText(this.value);
    if (changed.has('readonly')) view.setReadonly(this.readonly);
  }

  override render() {
    return html`<div class="cm-host"></div>
      <pre class="pending" aria-label=${this.label}>${this.value}</pre>`;
  }

  /** Moves the keyboard focus into the editor. */
  override focus(): void {
    if (this.view) this.view.focus();
    else this.wantsFocus = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Lit re-connects moved elements; only a removed editor is destroyed (on the next frame).
    requestAnimationFrame(() => {
      if (!this.isConnected) {
        this.view?.destroy();
        this.view = undefined;
        this.toggleAttribute('ready', false);
      }
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.view) this.firstUpdated();
  }
}

if (!customElements.get('t5-code-editor')) customElements.define('t5-code-editor', CodeEditor);
