// client.diagnoseCredentials(): one explicit probe per region host of the environment
// (GET /payments/v1/sessions/<random uuid>): 401 = rejected, 403/404 = accepted. Never automatic.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createKlarnaClient } from '../../dist/server/index.js';
import { startFakeKlarnaServer } from '../helpers/fake-klarna-server.js';

const hosts = {};
for (const region of ['eu', 'na', 'oc']) hosts[region] = await startFakeKlarnaServer();
after(() => Promise.all(Object.values(hosts).map((h) => h.close())));
const PROBE_PATH = /^\/payments\/v1\/sessions\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const client = createKlarnaClient({
  username: 'K500_diag',
  password: 'diag-password-123',
  region: 'eu',
  environment: 'playground',
  baseUrl: hosts.eu.url,
});
const baseUrls = { eu: hosts.eu.url, na: hosts.na.url, oc: hosts.oc.url };

test('no request is sent until diagnoseCredentials() is called', () => {
  assert.equal(hosts.eu.requests.length + hosts.na.requests.length + hosts.oc.requests.length, 0);
});

test('reports the region that accepts the credentials', async () => {
  hosts.eu.reply({ status: 401, body: '<html>401</html>', headers: { 'Content-Type': 'text/html' } });
  hosts.na.reply({ status: 404, json: { error_code: 'NOT_FOUND', error_messages: ['Invalid session id'] } });
  hosts.oc.reply({ status: 401 });
  const diagnosis = await client.diagnoseCredentials({ baseUrls });
  assert.deepEqual(diagnosis.acceptedRegions, ['na']);
  assert.deepEqual(diagnosis.probes.map((p) => [p.region, p.accepted, p.status]), [['eu', false, 401], ['na', true, 404], ['oc', false, 401]]);
  assert.equal(diagnosis.configuredRegion, 'eu');
  assert.match(diagnosis.summary, /rejected by EU playground but accepted by NA \(region: 'na'\)/);
  for (const host of Object.values(hosts)) {
    assert.equal(host.requests.length, 1);
    assert.equal(host.requests[0].method, 'GET');
    assert.match(host.requests[0].path, PROBE_PATH);
    assert.equal(host.requests[0].headers.authorization, `Basic ${Buffer.from('K500_diag:diag-password-123').toString('base64')}`);
  }
});

test('all 401 says the credentials may belong to the other environment', async () => {
  for (const host of Object.values(hosts)) {
    host.reset();
    host.reply({ status: 401 });
  }
  const diagnosis = await client.diagnoseCredentials({ baseUrls });
  assert.deepEqual(diagnosis.acceptedRegions, []);
  assert.match(diagnosis.summary, /No playground region accepts the credentials: they may be production credentials/);
});

test('an unreachable host gives no verdict instead of failing the whole probe', async () => {
  for (const host of Object.values(hosts)) host.reset();
  hosts.eu.reply({ status: 403 });
  hosts.na.reply({ destroy: true });
  hosts.oc.reply({ status: 401 });
  const diagnosis = await client.diagnoseCredentials({ baseUrls });
  assert.deepEqual(diagnosis.probes.map((p) => p.accepted), [true, undefined, false]);
  assert.ok(typeof diagnosis.probes[1].error === 'string');
  assert.match(diagnosis.summary, /work for the configured EU playground/);
});
