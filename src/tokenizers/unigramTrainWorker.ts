/**
 * Worker entry: trains a unigram tokenizer off the main thread (the page stays responsive for
 * the seconds training takes) and sends back its JSON form and the training statistics.
 */
import { trainUnigram, type UnigramTrainOptions } from './unigramTrainer.ts';

interface Request {
  documents: string[];
  options: UnigramTrainOptions;
}

self.onmessage = (event: MessageEvent<Request>) => {
  try {
    const { tokenizer, stats } = trainUnigram(event.data.documents, event.data.options);
    self.postMessage({ ok: true, json: tokenizer.toJSON(), stats });
  } catch (err) {
    self.postMessage({ ok: false, message: (err as Error).message });
  }
};
