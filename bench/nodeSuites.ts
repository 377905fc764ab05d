// Suites `npm run bench` runs in Node (the CLI's environment), in this order.
import type { BenchSuite } from './suite.ts';
import { matmulSuite } from './suites/matmul.ts';

export const nodeSuites: BenchSuite[] = [matmulSuite];
