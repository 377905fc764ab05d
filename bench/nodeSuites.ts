// Suites `npm run bench` runs in Node (the CLI's environment), in this order.
import type { BenchSuite } from './suite.ts';
import { matmulSuite } from './suites/matmul.ts';
import { kernelsSuite } from './suites/kernels.ts';
import { objectivesSuite } from './suites/objectives.ts';
import { trainingSuite } from './suites/training.ts';
import { pytorchTrainingSuite } from './suites/trainingPytorch.ts';
import { trainerSuite } from './suites/trainer.ts';
import { tokenizerSuite } from './suites/tokenizer.ts';
import { checkpointSuite } from './suites/checkpoint.ts';

export const nodeSuites: BenchSuite[] = [
  matmulSuite,
  kernelsSuite,
  objectivesSuite,
  trainingSuite,
  pytorchTrainingSuite,
  trainerSuite,
  tokenizerSuite,
  checkpointSuite,
];
