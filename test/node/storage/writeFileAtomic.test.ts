import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/storage/writeFileAtomic.ts';

const helper = new URL('../../../src/storage/writeFileAtomic.ts', import.meta.url).pathname;

describe('writeFileAtomic', () => {
  it('replaces a file with new content and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-atomic-'));
    try {
      const path = join(dir, 'model.safetensors');
      writeFileSync(path, 'old');
      writeFileAtomic(path, new Uint8Array([1, 2, 3]));
      assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
      writeFileAtomic(path, 'text');
      assert.equal(readFileSync(path, 'utf8'), 'text');
      assert.deepEqual(readdirSync(dir), ['model.safetensors']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a write that fails midway leaves the old file intact and no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-atomic-'));
    try {
      const path = join(dir, 'model.safetensors');
      writeFileSync(path, 'the good checkpoint');
      function* chunks() {
        yield new Uint8Array(1024).fill(7);
        throw new Error('ENOSPC: no space left on device');
      }
      assert.throws(() => writeFileAtomic(path, chunks()), /ENOSPC/);
      assert.equal(readFileSync(path, 'utf8'), 'the good checkpoint');
      assert.deepEqual(readdirSync(dir), ['model.safetensors']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a process killed with SIGKILL during the write leaves the old file intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 't5lab-atomic-'));
    try {
      const path = join(dir, 'model.safetensors');
      writeFileSync(path, 'the good checkpoint');
      // The child writes 1 MiB chunks without end, pausing 20 ms between them, so it is surely
      // mid-write when the temporary file appears and the parent kills it.
      const script = `
        import { writeFileAtomic } from ${JSON.stringify(helper)};
        const pause = new Int32Array(new SharedArrayBuffer(4));
        function* chunks() { for (;;) { yield new Uint8Array(1 << 20).fill(9); Atomics.wait(pause, 0, 0, 20); } }
        writeFileAtomic(${JSON.stringify(path)}, chunks());`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const started = Date.now();
      while (!readdirSync(dir).some((f) => f.includes('.tmp-'))) {
        assert.ok(Date.now() - started < 30_000, 'the child started writing');
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      assert.equal(readFileSync(path, 'utf8'), 'the good checkpoint', 'the old file is untouched');
      assert.ok(existsSync(path));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
