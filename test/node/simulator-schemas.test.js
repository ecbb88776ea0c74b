// The simulator against Klarna's published specs, which ship in the repository (specs/klarna/): every
// response of the whole Payments + Order Management flow, errors included, validates with ajv against the
// specs (scripts/fidelity-checks.mjs, the same checks `npm run fidelity` counts), and the bodies Klarna's
// schemas forbid are refused with 400 BAD_VALUE naming the field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startKlarnaSimulator } from '../../dist/simulator/index.js';
import { createFidelityChecker, loadKlarnaSpecs, runFidelityChecks } from '../../scripts/fidelity-checks.mjs';
import { call, smallCart } from './simulator-test-kit.js';

let sim;
let specs;
before(async () => {
  specs = loadKlarnaSpecs();
  sim = await startKlarnaSimulator();
});
after(() => sim.stop());

test('the specs live in the repository, each named with its source in specs/klarna/README.md', () => {
  const readme = readFileSync(new URL('../../specs/klarna/README.md', import.meta.url), 'utf8');
  for (const file of ['klarna-payments-v1.openapi.yml', 'order-management.openapi.yml', 'klarna-ordermanagement-v1.swagger.json']) {
    assert.ok(existsSync(new URL(`../../specs/klarna/${file}`, import.meta.url)), `${file} is in specs/klarna/`);
    assert.ok(readme.includes(file), `the README names ${file}`);
  }
});

test('the checker fails a response that breaks the spec (it is not a check that cannot fail)', async () => {
  const checker = createFidelityChecker(sim, specs);
  sim.faults.add({ route: 'POST /payments/v1/sessions', status: 200, body: { client_token: 42 } });
  sim.faults.add({ route: 'GET /payments/v1/sessions/:id', status: 404, body: { error_code: 'NOT_FOUND' } });
  await checker.call('broken create', 'POST', '/payments/v1/sessions', { body: smallCart() });
  await checker.call('broken read', 'GET', '/payments/v1/sessions/x');
  await checker.call('refusal that is not one', 'POST', '/payments/v1/sessions', { body: smallCart(), expectRefusal: 'order_lines' });
  const failed = checker.checks.filter((check) => !check.ok).map((check) => `${check.kind}: ${check.name}`);
  assert.ok(failed.some((name) => name.startsWith('body: broken create')), failed.join('\n'));
  assert.ok(failed.some((name) => name.startsWith('body: broken read')), failed.join('\n'));
  assert.ok(failed.some((name) => name.startsWith('refusal: refusal that is not one')), failed.join('\n'));
  sim.faults.clear();
});

test('every response of the whole flow, errors included, matches Klarna\'s specs', async () => {
  const checks = await runFidelityChecks(sim, specs);
  const failed = checks.filter((check) => !check.ok);
  assert.deepEqual(failed, [], failed.map((check) => `[${check.kind}] ${check.name}: ${check.detail}`).join('\n'));
  assert.ok(checks.length >= 200, `the flow makes ${checks.length} checks`);
  for (const kind of ['request', 'refusal', 'status', 'body', 'headers', 'lines', 'behaviour']) {
    assert.ok(checks.some((check) => check.kind === kind), `the flow checks ${kind}`);
  }
});

test('a violation answers 400 BAD_VALUE naming each field, with a correlation_id', async () => {
  const cart = { ...smallCart(), acquiring_channel: 'PHONE', options: { color_border: 'red' } };
  const sessionsBefore = sim.sessions.size;
  const response = await call(sim, 'POST', '/payments/v1/sessions', { body: cart });
  assert.equal(response.status, 400);
  assert.equal(response.body.error_code, 'BAD_VALUE');
  assert.deepEqual(response.body.error_messages.sort(), ['Bad value: acquiring_channel', 'Bad value: options.color_border']);
  assert.equal(response.body.correlation_id, response.headers.get('klarna-correlation-id'));
  assert.equal(sim.sessions.size, sessionsBefore, 'nothing was stored');
});

test('malformed JSON and unknown routes carry a correlation_id like every other error', async () => {
  const malformed = await call(sim, 'POST', '/payments/v1/sessions', { raw: '{"order_amount":' });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.correlation_id, malformed.headers.get('klarna-correlation-id'));
  const unknown = await call(sim, 'GET', '/ordermanagement/v1/nothing');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.correlation_id, unknown.headers.get('klarna-correlation-id'));
  const outside = await fetch(`${sim.url}/no/such/path`);
  const body = await outside.json();
  assert.equal(body.correlation_id, outside.headers.get('klarna-correlation-id'));
});
