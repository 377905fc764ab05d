// Suites `npm run bench` runs in headless Chromium, in this order.
import type { BenchSuite } from './suite.ts';
import { matmulSuite } from './suites/matmul.ts';
import { kernelsSuite } from './suites/kernels.ts';
import { objectivesSuite } from './suites/objectives.ts';
import { trainingSuite } from './suites/training.ts';
import { profileSuite } from './suites/profile.ts';
import { decodingSuite } from './suites/decoding.ts';
import { trainerSuite } from './suites/trainer.ts';
import { tokenizerSuite } from './suites/tokenizer.ts';
import { checkpointSuite } from './suites/checkpoint.ts';

export const browserSuites: BenchSuite[] = [
  matmulSuite,
  kernelsSuite,
  objectivesSuite,
  trainingSuite,
  profileSuite,
  decodingSuite,
  trainerSuite,
  tokenizerSuite,
  checkpointSuite,
];
