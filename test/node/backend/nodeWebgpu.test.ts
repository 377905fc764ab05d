import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../../src/backend/nodeBackends.ts';
import { loadNodeWebgpu, NO_NODE_ADAPTER } from '../../../src/backend/nodeWebgpu.ts';
import { registeredWebgpuKernels } from '../../../src/backend/webgpuKernels/registerWebgpuKernels.ts';

/** Whether the dynamic linker knows a Vulkan loader (without it Dawn can find no adapter). */
function hasVulkanLoader(): boolean {
  try {
    return /libvulkan\.so\.1\b/.test(execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

const bin = new URL('../../../src/cli/bin.mjs', import.meta.url).pathname;

describe('WebGPU in Node (Dawn, the optional webgpu package)', () => {
  it('automatic backend choice never loads Dawn: navigator.gpu stays absent', async () => {
    const decision = await initNodeBackend('auto');
    assert.equal(decision.active, 'wasm');
    assert.equal((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu, undefined);
    assert.equal(tf.findBackend('webgpu'), null);
  });

  it('without a Vulkan GPU, asking for webgpu says there is no adapter and why, and registers nothing', async (t) => {
    const probe = await loadNodeWebgpu();
    if (probe.usable !== false) {
      // A machine with a GPU: the backend and t5lab's kernels are installed instead.
      assert.ok(registeredWebgpuKernels().includes('BatchMatMul'));
      t.skip('this machine has a WebGPU adapter');
      return;
    }
    if (!hasVulkanLoader()) assert.equal(probe.reason, NO_NODE_ADAPTER);
    else assert.match(probe.reason ?? '', /no WebGPU adapter|adapter request failed/);
    assert.deepEqual([...registeredWebgpuKernels()], []);
    const decision = await initNodeBackend('webgpu');
    assert.equal(decision.active, 'wasm');
    assert.equal(decision.skipped[0]?.name, 'webgpu');
    assert.equal(decision.skipped[0]?.reason, probe.reason);
  });

  it('t5lab train --backend webgpu exits with that message (naming the flag) when no adapter exists', async (t) => {
    if ((await loadNodeWebgpu()).usable !== false) {
      t.skip('this machine has a WebGPU adapter');
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 't5lab-webgpu-'));
    try {
      const args = ['train', '--model', 'workbench-micro', '--corpus', 'pretrain_sotu', '--steps', '1', '--batch-size', '2', '--seed', '1'];
      const r = spawnSync(process.execPath, [bin, ...args, '--out', join(out, 'run'), '--backend', 'webgpu'], { encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /--backend webgpu is not usable here: no WebGPU adapter: Dawn found no usable Vulkan GPU/);
      assert.match(r.stderr, /Use --backend wasm/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
