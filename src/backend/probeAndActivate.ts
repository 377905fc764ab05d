import * as tf from '@tensorflow/tfjs';
import { BACKEND_ORDER, chooseBackend, type BackendDecision, type BackendName, type BackendProbe } from './backendChoice.ts';
import { runSelfTest } from './selfTest.ts';

/**
 * Environment-specific knowledge a probe needs: how to tell a software adapter from a real one
 * before paying for initialisation. The browser and Node entry points supply their own.
 */
export interface EnvironmentProbes {
  /** Backends this environment can register at all (e.g. Node has no webgl/webgpu). */
  available: readonly BackendName[];
  /** Cheap look before initialising: a reason to skip, or `software` for an emulated device. */
  precheck?: (name: BackendName) => Promise<Partial<BackendProbe> | undefined>;
  /** Description after initialisation (e.g. the wasm thread count actually granted). */
  describe?: (name: BackendName) => string | undefined;
  /** Waits for what the backend starts in the background (e.g. wasm matmul workers). */
  afterInit?: (name: BackendName) => Promise<void>;
}

/** Initialises one backend and runs the self-test on it. Leaves it active when usable. */
export async function probeBackend(name: BackendName, env: EnvironmentProbes, initialise: boolean): Promise<BackendProbe> {
  if (!env.available.includes(name)) {
    return { name, usable: false, reason: `${name} is not available in this environment` };
  }
  const pre = env.precheck ? await env.precheck(name) : undefined;
  if (pre && pre.usable === false) return { name, usable: false, reason: pre.reason, detail: pre.detail };
  if (pre?.software && !initialise) {
    // Known software emulation: report it without paying for kernel compilation.
    return { name, usable: true, software: true, reason: pre.reason, detail: pre.detail };
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    return { name, usable: false, reason: `${name} failed to initialise: ${(err as Error).message}`, detail: pre?.detail };
  }
  if (!ok) return { name, usable: false, reason: `${name} failed to initialise`, detail: pre?.detail };
  await tf.ready();
  await env.afterInit?.(name);
  const test = await runSelfTest();
  if (!test.ok) return { name, usable: false, reason: `${name} self-test failed: ${test.message}`, detail: pre?.detail };
  const detail = env.describe?.(name) ?? pre?.detail;
  return { name, usable: true, software: pre?.software, reason: pre?.reason, detail };
}

/**
 * Probes backends in order (the requested one first) until one is fast and correct, activates
 * the chosen one and returns the decision with every reason collected on the way.
 */
export async function probeAndActivate(env: EnvironmentProbes, requested: BackendName | 'auto' = 'auto'): Promise<BackendDecision> {
  const probes: BackendProbe[] = [];
  const candidates = BACKEND_ORDER.filter((n) => env.available.includes(n) && n !== requested);
  const order = requested === 'auto' ? candidates : [requested, ...candidates];
  for (const name of order) {
    const explicit = name === requested;
    const probe = await probeBackend(name, env, explicit);
    probes.push(probe);
    if (probe.usable && (explicit || !probe.software)) break;
  }
  const decision = chooseBackend(probes, requested);
  if (tf.getBackend() !== decision.active) {
    const ok = await tf.setBackend(decision.active);
    if (!ok) throw new Error(`backend: could not activate ${decision.active}`);
    await tf.ready();
  }
  return decision;
}
