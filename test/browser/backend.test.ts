import { assert } from '@esm-bundle/chai';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, parseBackendRequest } from '../../src/backend/backendChoice.ts';
import { browserEnvironment, initBrowserBackend } from '../../src/backend/browserBackends.ts';
import { probeBackend } from '../../src/backend/probeAndActivate.ts';
import { runSelfTest } from '../../src/backend/selfTest.ts';

describe('backend selection', () => {
  it('the test page is cross-origin isolated, so wasm can use threads', () => {
    assert.isTrue(crossOriginIsolated);
  });

  it('automatic choice skips software-emulated GPUs and says why', async () => {
    const d = await initBrowserBackend('auto');
    assert.equal(tf.getBackend(), d.active);
    // On this machine type both GPU APIs are SwiftShader: wasm must win, with reasons for both.
    const gpu = d.probes.find((p) => p.name === 'webgpu');
    if (gpu?.software) {
      assert.equal(d.active, 'wasm');
      assert.match(d.skipped.find((s) => s.name === 'webgpu')!.reason, /software/);
    }
    assert.isString(d.why);
  });

  it('forcing a backend the environment cannot provide falls back with a reason naming it', () => {
    const d = chooseBackend(
      [
        { name: 'webgpu', usable: false, reason: 'no WebGPU adapter (no GPU, or WebGPU disabled)' },
        { name: 'wasm', usable: true },
      ],
      'webgpu',
    );
    assert.equal(d.active, 'wasm');
    assert.match(d.why, /webgpu is unavailable, fell back to wasm/);
    assert.deepEqual(d.skipped[0], { name: 'webgpu', reason: 'no WebGPU adapter (no GPU, or WebGPU disabled)' });
  });

  it('an unknown ?backend= value is rejected with the accepted names', () => {
    assert.throws(() => parseBackendRequest('tpu'), /unknown backend "tpu".*webgpu, webgl, wasm, cpu/);
    assert.equal(parseBackendRequest(null), 'auto');
    assert.equal(parseBackendRequest('WASM'), 'wasm');
  });

  for (const name of ['cpu', 'wasm', 'webgl', 'webgpu'] as const) {
    it(`the self-test passes on ${name} when the browser offers it`, async function () {
      const probe = await probeBackend(name, browserEnvironment, true);
      if (!probe.usable) this.skip();
      assert.equal(tf.getBackend(), name);
      const r = await runSelfTest();
      assert.isTrue(r.ok, r.message);
      assert.isBelow(r.maxError, 1e-4);
    });
  }
});
