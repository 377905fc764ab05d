/**
 * Worker entry: trains a unigram tokenizer off the main thread (the page stays responsive for
 * the seconds training takes) and sends back its JSON form and the training statistics. The
 * documents come as an array or as packed rows (trainingDocuments.ts), decoded here.
 */
import { trainUnigram, type UnigramTrainOptions } from './unigramTrainer.ts';
import { documentsOfMessage, type TrainingDocuments } from './trainingDocuments.ts';

self.onmessage = (event: MessageEvent<TrainingDocuments & { options: UnigramTrainOptions }>) => {
  try {
    const { tokenizer, stats } = trainUnigram(documentsOfMessage(event.data), event.data.options);
    self.postMessage({ ok: true, json: tokenizer.toJSON(), stats });
  } catch (err) {
    self.postMessage({ ok: false, message: (err as Error).message });
  }
};
