/**
 * How many shader programs the active tfjs backend has compiled so far: webgl's binary cache or
 * webgpu's pipeline cache (tfjs internals, read for benchmarks and tests); null on backends that
 * compile none (wasm, cpu).
 */
import * as tf from '@tensorflow/tfjs';

export function compiledShaderPrograms(): number | null {
  const b = tf.backend() as unknown as { binaryCache?: object; pipelineCache?: object };
  const cache = b.binaryCache ?? b.pipelineCache;
  return cache ? Object.keys(cache).length : null;
}
