// Types for scripts/browser.mjs (used by TypeScript tests).
import type { BrowserContext } from 'playwright-core';
export const chromiumPath: string;
export const chromiumArgs: string[];
export function launchChromium(): Promise<BrowserContext>;
