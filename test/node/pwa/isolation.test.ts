import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ISOLATION_HEADERS, withIsolation } from '../../../src/pwa/isolation.ts';

test('a response from a host without COOP/COEP gets the cross-origin-isolation headers, body and status kept', async () => {
  const original = new Response('hello', { status: 201, statusText: 'Created', headers: { 'Content-Type': 'text/plain' } });
  const isolated = withIsolation(original);
  assert.equal(isolated.headers.get('Cross-Origin-Opener-Policy'), 'same-origin');
  assert.equal(isolated.headers.get('Cross-Origin-Embedder-Policy'), 'require-corp');
  assert.equal(isolated.headers.get('Cross-Origin-Resource-Policy'), 'same-origin');
  assert.equal(isolated.headers.get('Content-Type'), 'text/plain');
  assert.equal(isolated.status, 201);
  assert.equal(isolated.statusText, 'Created');
  assert.equal(await isolated.text(), 'hello');
});

test('headers the host already sent are kept, and a fully isolated response is returned as it is', () => {
  const partial = withIsolation(new Response('x', { headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' } }));
  assert.equal(partial.headers.get('Cross-Origin-Embedder-Policy'), 'credentialless');
  assert.equal(partial.headers.get('Cross-Origin-Opener-Policy'), 'same-origin');
  const full = new Response('y', { headers: { ...ISOLATION_HEADERS } });
  assert.equal(withIsolation(full), full);
});

test('an error response (status 0) cannot be rebuilt and passes through unchanged', () => {
  const error = Response.error();
  assert.equal(withIsolation(error), error);
});
