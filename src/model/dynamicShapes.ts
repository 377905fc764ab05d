/**
 * Inference on the WebGL backend with shapes passed as uniforms, so that one compiled shader
 * serves every sequence length.
 *
 * Why: tfjs-webgl bakes tensor shapes into each shader by default, and decoding changes the
 * self-attention length at every step, and every new input text changes the encoder's. Together
 * with the fixed-capacity cache (stack.ts), this took the first 24-token decode of workbench-small
 * in headless Chromium (SwiftShader) from 452 compiled programs to 92 (`npm run bench -- --only
 * decoding`, bench/RESULTS.md). On a real GPU each compile costs milliseconds. The flag slows
 * steady-state shaders: the same suite times a fixed-shape training step with it on and off (about a
 * third slower on SwiftShader). So training, whose shapes repeat, keeps the default, and only inference,
 * whose shapes vary, turns the flag on.
 *
 * Other backends are unaffected: wasm and cpu compile nothing, and tfjs-webgpu already passes
 * shapes as uniforms.
 */
import * as tf from '@tensorflow/tfjs';

const FLAG = 'WEBGL_USE_SHAPES_UNIFORMS';

/** Calls in progress that asked for shape uniforms, and the flag's value before the first. */
let depth = 0;
let saved = false;

/** Whether the flag exists here: it is registered by tfjs-backend-webgl, which Node lacks. */
function flagRegistered(): boolean {
  const registry = (tf.env() as unknown as { flagRegistry?: Record<string, unknown> }).flagRegistry;
  return registry?.[FLAG] != null;
}

function enter(): boolean {
  if (tf.getBackend() !== 'webgl' || !flagRegistered()) return false;
  if (depth++ === 0) {
    saved = tf.env().getBool(FLAG);
    tf.env().set(FLAG, true);
  }
  return true;
}

function leave(): void {
  if (--depth === 0) tf.env().set(FLAG, saved);
}

/**
 * Runs `fn` with WebGL shaders that take shapes as uniforms (see the module comment); on other
 * backends it simply runs `fn`. Nested and overlapping calls keep the flag on until the last ends.
 */
export function withDynamicShapes<T>(fn: () => T): T {
  const entered = enter();
  let result: T;
  try {
    result = fn();
  } catch (err) {
    if (entered) leave();
    throw err;
  }
  if (entered && result instanceof Promise) {
    return result.finally(leave) as T;
  }
  if (entered) leave();
  return result;
}
