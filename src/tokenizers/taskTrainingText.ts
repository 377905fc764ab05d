/**
 * Text for training a tokenizer that will read task inputs: the corpus plus a sample of each
 * task's training examples as the model sees them (prefixed input, target). Without it a
 * tokenizer trained on prose alone shreds the model's own instructions ('translate' →
 * `▁tra n s l ate`, ':' → a byte), which T5 avoids by building its vocabulary on C4 plus the
 * WMT languages. Only training-split examples are used, so no validation text leaks in.
 */
import type { TaskExample } from '../data/parseDataset.ts';
import { splitExamples } from '../data/split.ts';
import { withPrefix } from '../tasks/task.ts';
import { RowsWithExtra, type CorpusDocuments } from './trainingDocuments.ts';
import type { RowsView } from '../data/packedRows.ts';

/** Training examples per task added to the tokenizer's text: enough for each prefix to be a frequent word. */
export const TASK_TEXT_EXAMPLES = 200;

export interface TaskTextSource {
  name: string;
  prefix: string;
  examples: readonly TaskExample[];
}

const cache = new WeakMap<object, Map<string, CorpusDocuments>>();

/**
 * `documents` followed by the first {@link TASK_TEXT_EXAMPLES} training examples of each task
 * (input with its prefix, then target, as separate documents). The same arguments give the same
 * array object, so a tokenizer training keyed on it is shared.
 */
export function withTaskText(
  documents: readonly string[],
  tasks: readonly TaskTextSource[],
  validationFraction?: number,
): readonly string[];
/** A view (a user's packed upload) stays a view: the task text follows its rows without decoding them. */
export function withTaskText(documents: CorpusDocuments, tasks: readonly TaskTextSource[], validationFraction?: number): CorpusDocuments;
export function withTaskText(documents: CorpusDocuments, tasks: readonly TaskTextSource[], validationFraction = 0.1): CorpusDocuments {
  if (tasks.length === 0) return documents;
  const key = JSON.stringify([tasks.map((t) => [t.name, t.prefix, t.examples.length]), validationFraction]);
  let byKey = cache.get(documents);
  if (!byKey) cache.set(documents, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const extra: string[] = [];
  for (const t of tasks) {
    for (const ex of splitExamples(t.examples, { validationFraction }).train.slice(0, TASK_TEXT_EXAMPLES))
      extra.push(withPrefix(t.prefix, ex.inputs), ex.targets);
  }
  const out = Array.isArray(documents)
    ? [...(documents as readonly string[]), ...extra]
    : new RowsWithExtra(documents as RowsView<string>, extra);
  byKey.set(key, out);
  return out;
}

/**
 * The bundled tasks `names` as tokenizer text sources, loaded with `load` (the browser's or
 * Node's bundled-file reader). The tokenizer cell and scripts/build-bundled-tokenizers.ts share
 * it, so a tokenizer trained ahead of time sees exactly the text the cell would train on.
 */
export async function bundledTaskTextSources(
  names: readonly string[],
  load: (name: string) => Promise<{ kind: string; examples?: readonly TaskExample[] }>,
  prefixOf: (name: string) => string,
): Promise<TaskTextSource[]> {
  const tasks: TaskTextSource[] = [];
  for (const name of names) {
    const ds = await load(name);
    if (ds.kind === 'task' && ds.examples) tasks.push({ name, prefix: prefixOf(name), examples: ds.examples });
  }
  return tasks;
}
