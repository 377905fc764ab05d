// Suites `npm run bench` runs in headless Chromium, in this order.
import type { BenchSuite } from './suite.ts';
import { matmulSuite } from './suites/matmul.ts';

export const browserSuites: BenchSuite[] = [matmulSuite];
