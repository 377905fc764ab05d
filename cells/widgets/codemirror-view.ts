/**
 * The CodeMirror 6 editor behind `<t5-code-editor>`, in its own chunk: the tour does not edit
 * code at first, so the page loads CodeMirror (~400 kB) only when the first editor appears.
 */
import { EditorState, Compartment, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';

/** What `<t5-code-editor>` needs from an editor. */
export interface CodeMirrorHandle {
  text(): string;
  setText(value: string): void;
  setReadonly(readonly: boolean): void;
  focus(): void;
  destroy(): void;
}

export interface CodeMirrorOptions {
  /** The shadow root it lives in (for its styles and selection). */
  root: ShadowRoot;
  /** The element it is appended to. */
  parent: HTMLElement;
  value: string;
  language: 'javascript' | 'text';
  readonly: boolean;
  label: string;
  /** Shift+Enter. */
  onCommitOrRun: () => boolean;
  onBlur: () => void;
}

/** Creates an editor in `parent`. */
export function createCodeMirror(o: CodeMirrorOptions): CodeMirrorHandle {
  const readOnly = new Compartment();
  const extensions: Extension[] = [
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    indentOnInput(),
    bracketMatching(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    ...(o.language === 'javascript' ? [javascript()] : [EditorView.lineWrapping]),
    readOnly.of(EditorState.readOnly.of(o.readonly)),
    keymap.of([{ key: 'Shift-Enter', run: o.onCommitOrRun }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
    EditorView.contentAttributes.of({ 'aria-label': o.label }),
    EditorView.domEventHandlers({
      blur: () => {
        o.onBlur();
        return false;
      },
    }),
  ];
  const view = new EditorView({ state: EditorState.create({ doc: o.value, extensions }), parent: o.parent, root: o.root });
  return {
    text: () => view.state.doc.toString(),
    setText: (value) => {
      if (view.state.doc.toString() !== value) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    setReadonly: (readonly) => view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(readonly)) }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
