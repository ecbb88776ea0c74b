// Checks a few simulator responses against Klarna's machine-readable specs (klarna-spec.md §12), kept in the
// repository under test/fixtures/klarna-specs/ so that every checkout runs this test, with a tiny checker of
// required fields and types.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startKlarnaSimulator } from '../../dist/simulator/index.js';
import { call, germanCart, placeOrder } from './simulator-test-kit.js';

const specs = fileURLToPath(new URL('../fixtures/klarna-specs/', import.meta.url));
const paymentsFile = `${specs}klarna-payments-v1.openapi.yml`;
const omFile = `${specs}klarna-ordermanagement-v1.swagger.json`;
// Never skipped: the files are part of the repository, and a missing one is a failure.
const skip = false;

/**
 * Reads one schema of an OpenAPI YAML file's `components.schemas` by indentation (the files are
 * machine-written with two-space steps): `{ required, properties: { name: { type, format, ref } } }`.
 */
function yamlSchema(text, name) {
  const lines = text.split('\n');
  const start = lines.indexOf(`    ${name}:`);
  assert.ok(start >= 0, `schema ${name} not found`);
  const schema = { required: [], properties: {} };
  let section;
  let property;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent <= 4) break;
    const trimmed = line.trim();
    if (indent === 6 && trimmed.startsWith('- ')) {
      if (section === 'required') schema.required.push(trimmed.slice(2));
    } else if (indent === 6) {
      section = trimmed.replace(/:.*$/, '');
    } else if (section === 'properties' && indent === 8) {
      property = trimmed.replace(/:$/, '');
      schema.properties[property] = {};
    } else if (section === 'properties' && indent === 10 && property) {
      const match = /^(type|format|\$ref):\s*'?([^']+)'?$/.exec(trimmed);
      if (match) schema.properties[property][match[1] === '$ref' ? 'ref' : match[1]] = match[2];
    }
  }
  return schema;
}

/** The Swagger 2.0 definition in the same shape. */
function swaggerSchema(document, name) {
  const definition = document.definitions[name];
  const properties = {};
  for (const [key, value] of Object.entries(definition.properties)) properties[key] = { type: value.type, format: value.format, ref: value.$ref };
  return { required: definition.required ?? [], properties };
}

/** Lists where `value` breaks `schema`'s required fields and declared types. */
function violations(value, schema, where = 'body') {
  const found = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} is not an object`];
  for (const field of schema.required) if (value[field] === undefined) found.push(`${where}.${field} is required`);
  for (const [field, rule] of Object.entries(schema.properties)) {
    const actual = value[field];
    if (actual === undefined) continue;
    const ok =
      rule.ref ? typeof actual === 'object' && actual !== null && !Array.isArray(actual)
      : rule.type === 'integer' ? Number.isInteger(actual)
      : rule.type === 'number' ? typeof actual === 'number'
      : rule.type === 'string' ? typeof actual === 'string' && (rule.format !== 'date-time' || !Number.isNaN(Date.parse(actual)))
      : rule.type === 'array' ? Array.isArray(actual)
      : rule.type === 'boolean' ? typeof actual === 'boolean'
      : rule.type === 'object' ? typeof actual === 'object' && actual !== null
      : true;
    if (!ok) found.push(`${where}.${field} should be ${rule.ref ?? rule.type}${rule.format ? ` (${rule.format})` : ''}, got ${JSON.stringify(actual)}`);
  }
  return found;
}

let sim;
let payments;
let om;
before(async () => {
  if (skip) return;
  payments = readFileSync(paymentsFile, 'utf8');
  om = JSON.parse(readFileSync(omFile, 'utf8'));
  sim = await startKlarnaSimulator();
});
after(() => sim?.stop());

test('the checker itself catches a wrong type and a missing field', { skip }, () => {
  const schema = yamlSchema(payments, 'merchant_session');
  assert.deepEqual(schema.required.sort(), ['client_token', 'session_id']);
  assert.equal(violations({ client_token: 5 }, schema).length, 2);
});

test('session create matches merchant_session (and its categories payment_method_category)', { skip }, async () => {
  const response = await call(sim, 'POST', '/payments/v1/sessions', { body: germanCart() });
  assert.equal(response.status, 200);
  assert.deepEqual(violations(response.body, yamlSchema(payments, 'merchant_session')), []);
  const category = yamlSchema(payments, 'payment_method_category');
  for (const [index, entry] of response.body.payment_method_categories.entries()) {
    assert.deepEqual(violations(entry, category, `payment_method_categories[${index}]`), []);
  }
});

test('session read matches session_read', { skip }, async () => {
  const created = await call(sim, 'POST', '/payments/v1/sessions', { body: germanCart() });
  const read = await call(sim, 'GET', `/payments/v1/sessions/${created.body.session_id}`);
  const schema = yamlSchema(payments, 'session_read');
  assert.ok(Object.keys(schema.properties).includes('expires_at'));
  assert.deepEqual(violations(read.body, schema), []);
});

test('create order matches order', { skip }, async () => {
  const { order } = await placeOrder(sim, germanCart());
  assert.deepEqual(violations(order, yamlSchema(payments, 'order')), []);
});

test('order read matches the Order Management Order definition and fills its amounts', { skip }, async () => {
  const { order_id } = await placeOrder(sim, germanCart());
  const captured = await call(sim, 'POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 10000 } });
  assert.equal(captured.status, 201);
  await call(sim, 'POST', `/ordermanagement/v1/orders/${order_id}/refunds`, { body: { refunded_amount: 500 } });
  const order = (await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}`)).body;
  const schema = swaggerSchema(om, 'Order');
  assert.deepEqual(violations(order, schema), []);
  for (const field of ['order_id', 'status', 'order_amount', 'original_order_amount', 'captured_amount', 'refunded_amount', 'remaining_authorized_amount', 'created_at', 'expires_at', 'klarna_reference', 'order_lines', 'captures', 'refunds']) {
    assert.ok(field in schema.properties, `${field} is not in the spec's Order`);
    assert.notEqual(order[field], undefined, `${field} is missing from the order`);
  }
  assert.deepEqual(violations(order.refunds[0], swaggerSchema(om, 'Refund'), 'refunds[0]'), []);
});

test('capture list items match the Capture definition', { skip }, async () => {
  const { order_id } = await placeOrder(sim, germanCart());
  await call(sim, 'POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 1000, description: 'First parcel' } });
  await call(sim, 'POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 2000 } });
  const list = await call(sim, 'GET', `/ordermanagement/v1/orders/${order_id}/captures`);
  assert.equal(list.body.length, 2);
  const schema = swaggerSchema(om, 'Capture');
  list.body.forEach((entry, index) => assert.deepEqual(violations(entry, schema, `captures[${index}]`), []));
});
