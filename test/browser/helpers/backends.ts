/**
 * Runs a block of tests once per tfjs backend the browser offers (cpu always, then wasm, webgl,
 * webgpu when present). A backend that is missing skips its tests instead of failing them.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_ORDER, type BackendName } from '../../../src/backend/backendChoice.ts';
import { browserEnvironment } from '../../../src/backend/browserBackends.ts';
import { probeBackend } from '../../../src/backend/probeAndActivate.ts';

/** Backends in test order: cpu first (the reference), then the accelerated ones. */
export const TEST_BACKENDS: BackendName[] = ['cpu', ...BACKEND_ORDER.filter((b) => b !== 'cpu').reverse()];

const usable = new Map<BackendName, boolean>();

/** Activates `name` (probing it once per page); false when this browser cannot run it. */
export async function useBackend(name: BackendName): Promise<boolean> {
  if (!usable.has(name)) {
    const probe = await probeBackend(name, browserEnvironment, true);
    usable.set(name, probe.usable);
  }
  if (!usable.get(name)) return false;
  if (tf.getBackend() !== name) await tf.setBackend(name);
  await tf.ready();
  return true;
}

/**
 * `describe` once per backend; inside, the backend is active. Example:
 *   forEachBackend((backend) => { it(`... on ${backend}`, async () => { ... }); });
 */
export function forEachBackend(body: (backend: BackendName) => void, backends: BackendName[] = TEST_BACKENDS): void {
  for (const backend of backends) {
    describe(`on ${backend}`, function () {
      before(async function () {
        if (!(await useBackend(backend))) this.skip();
      });
      body(backend);
    });
  }
}
