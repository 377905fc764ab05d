import { assert } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../../cells/kinds/dataset.ts';
import '../../../cells/kinds/tokenizer.ts';
import type { TokenizerCell } from '../../../cells/kinds/tokenizer.ts';
import { TrainedTokenizerStore } from '../../../src/storage/trainedTokenizerStore.ts';
import type { Tokenizer } from '../../../src/tokenizers/tokenizer.ts';
import { CellHarness, rendered } from './harness.ts';

/**
 * Chromium's real quota, lowered through the DevTools protocol to what this origin already uses,
 * after the cache's database exists (so reading works and only the write is refused).
 */
describe('tokenizer cell: the trained-tokenizer cache when the storage quota is full', () => {
  const DB = `t5lab-test-tokenizer-cache-quota-${Date.now()}`;
  before(async () => {
    await new TrainedTokenizerStore(DB).get('none');
    const { usage } = await navigator.storage.estimate();
    await executeServerCommand('storage-quota', { origin: location.origin, quotaSize: (usage ?? 0) + 1024 });
  });
  after(async () => {
    await executeServerCommand('storage-quota', { origin: location.origin });
  });

  it('a refused write is a mild note: the freshly trained tokenizer is used', async () => {
    const h = new CellHarness();
    try {
      h.add('t5-dataset-cell', 'data', 'dataset', { source: 'bundled', name: 'pretrain_factbook' });
      const cell = h.add<TokenizerCell>(
        't5-tokenizer-cell',
        'tok',
        'tokenizer',
        { type: 'unigram', vocabSize: 600, sample: 'The economy of Algeria grew.' },
        (c) => (c.trainedTokenizerStore = new TrainedTokenizerStore(DB)),
      );
      const tok = (await h.ok('tok')).tokenizer as Tokenizer;
      assert.equal(tok.vocabSize, 600);
      await rendered(cell);
      const root = cell.shadowRoot!;
      assert.equal(root.querySelector('[data-tokenizer-origin]')!.getAttribute('data-tokenizer-origin'), 'trained');
      assert.match(
        root.querySelector('[data-cache-note]')!.textContent!,
        /^Not kept for the next visit: Could not save the trained tokenizer for the next visit: the browser's storage quota for this site is full\..* This tokenizer is used; it is trained again next time\.$/,
      );
      assert.isNull(root.querySelector('[role="alert"]'), 'no error is shown');
      assert.deepEqual(
        [...root.querySelectorAll('[data-pieces] [data-token-id]')].map((c) => Number(c.getAttribute('data-token-id'))),
        tok.encode('The economy of Algeria grew.'),
      );
    } finally {
      h.dispose();
    }
  });
});
