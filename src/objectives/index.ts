/** Public surface of the pre-training objectives (spec §B). */
export { Rng, roundHalfEven, type RngState } from './rng.ts';
export {
  iidNoiseMask,
  randomSpansNoiseMask,
  randomPrefixNoiseMask,
  randomComposition,
  randomSpansCounts,
  type NoiseMask,
} from './noiseMasks.ts';
export * from './encoders.ts';
export { vocabOfSize, vocabOfTokenizer, NUM_RESERVED_TOKENS, type SentinelVocab } from './vocab.ts';
export { computeInputAndTargetLengths, lengthsForTokens, type SpanLengths } from './lengths.ts';
export {
  OBJECTIVES,
  OBJECTIVE_NAMES,
  getObjective,
  type Objective,
  type ObjectiveName,
  type CorruptOptions,
  type Corrupted,
} from './objectives.ts';
export { PretrainingStream, type PipelineCursor, type PipelineOptions, type PretrainingExample } from './pipeline.ts';
