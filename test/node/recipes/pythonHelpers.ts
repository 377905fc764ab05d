/**
 * Running python3 from Node tests: whether it exists, the objectives port's path, a batch runner
 * that calls the port's own `main(argv)` many times in one interpreter (one process per case
 * would take minutes), and `py_compile` for generated files.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

export const PYTHON_PORT = fileURLToPath(new URL('../../../src/recipes/python/t5lab_objectives.py', import.meta.url));

/** Why the Python tests cannot run here, or undefined when python3 (≥ 3.8) is available. */
export function pythonMissing(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2] >= (3, 8))'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'python3 is not installed on this machine';
  if (r.stdout.trim() !== 'True') return 'python3 is older than 3.8';
  return undefined;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BATCH = `
import io, json, sys
sys.path.insert(0, sys.argv[1])
import t5lab_objectives as port
results = []
for argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    code = port.main(argv, out, err)
    results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
sys.stdout.write(json.dumps(results))
`;

/** `main(argv)` of the Python port for every argv, in one python3 process. */
export function runPythonBatch(cases: string[][]): CommandResult[] {
  const r = spawnSync('python3', ['-c', BATCH, dirname(PYTHON_PORT)], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python3 batch failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as CommandResult[];
}

/** `python3 t5lab_objectives.py ARGS` as a real command. */
export function runPythonCommand(args: string[]): CommandResult {
  const r = spawnSync('python3', [PYTHON_PORT, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `python3 -m py_compile FILE…`: the exit status and what it printed. */
export function pyCompile(files: string[]): CommandResult {
  const r = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
