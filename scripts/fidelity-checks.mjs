// The simulator's agreement with Klarna's published specs (specs/klarna/), over the whole Payments and Order
// Management flow, errors included. Used by `npm run fidelity` (scripts/fidelity.mjs), which prints
// "N of M checks match", and by test/node/simulator-schemas.test.js, which requires every check to match.
//
// The specs are read here with the `yaml` parser straight from specs/klarna/ (not from the simulator's
// build output) and compiled with ajv. A check is one of:
//   request  – a body the flow sends as valid is valid per Klarna's request schema;
//   refusal  – a body Klarna's schema forbids gets 400 BAD_VALUE naming the field;
//   status   – the status is one the spec documents for the operation (or 400 for a body it refuses,
//              or 401 for bad credentials, which the specs leave out);
//   body     – the response body validates against the spec's schema for that status (an error status the
//              spec does not describe must still be Klarna's error: error_code, error_messages, correlation_id);
//   headers  – Klarna-Correlation-Id on every answer (equal to the body's correlation_id on errors), and the
//              headers the spec documents (Location, Capture-Id, Refund-Id on 201);
//   lines    – Order Management order lines also pass the official Swagger order_line (type, tax_rate,
//              total_tax_amount required);
//   behaviour – a fact the specs state outside the schemas (default locale en-US, order-level shipping_info).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { repairEnums } from '../dist/simulator/klarna-schemas.js';

const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;
const root = new URL('../', import.meta.url);

/** Loads the three in-repo specs and compiles nothing yet (ajv compiles each schema once, on first use). */
export function loadKlarnaSpecs() {
  const read = (file) => {
    const text = readFileSync(new URL(`specs/klarna/${file}`, root), 'utf8');
    const spec = file.endsWith('.json') ? JSON.parse(text) : parse(text);
    repairEnums(spec.components ?? spec.definitions);
    return spec;
  };
  const specs = {
    payments: read('klarna-payments-v1.openapi.yml'),
    om: read('order-management.openapi.yml'),
    swagger: read('klarna-ordermanagement-v1.swagger.json'),
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const [id, spec] of Object.entries(specs)) ajv.addSchema(spec, id);
  return { specs, ajv };
}

const pointer = (...segments) => segments.map((segment) => encodeURIComponent(String(segment).replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

function operationOf(spec, method, path) {
  const have = path.split('?')[0].split('/').filter(Boolean);
  for (const [template, item] of Object.entries(spec.paths)) {
    const want = template.split('/').filter(Boolean);
    if (want.length !== have.length || !want.every((segment, index) => segment.startsWith('{') || segment === have[index])) continue;
    const operation = item[method.toLowerCase()];
    if (operation) return { template, operation };
  }
  return undefined;
}

function describeErrors(errors) {
  return (errors ?? []).slice(0, 4).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
}

/** A recorder of checks over one simulator. */
export function createFidelityChecker(sim, loaded = loadKlarnaSpecs()) {
  const { specs, ajv } = loaded;
  const checks = [];
  const add = (kind, name, ok, detail = '') => checks.push({ kind, name, ok: Boolean(ok), detail: ok ? '' : detail });
  const validatorFor = (id, ...segments) => ajv.getSchema(`${id}#/${pointer(...segments)}`);
  const strictError = ajv.compile({
    type: 'object',
    required: ['error_code', 'error_messages', 'correlation_id'],
    properties: { error_code: { type: 'string' }, error_messages: { type: 'array', items: { type: 'string' } }, correlation_id: { type: 'string' } },
  });
  const swaggerLine = ajv.getSchema('swagger#/definitions/order_line');

  function specOf(path) {
    return path.startsWith('/ordermanagement/') ? 'om' : 'payments';
  }

  function requestValidator(id, found) {
    const { operation, template } = found;
    const method = Object.keys(specs[id].paths[template]).find((key) => specs[id].paths[template][key] === operation);
    if (operation.requestBody?.content?.['application/json']) {
      return validatorFor(id, 'paths', template, method, 'requestBody', 'content', 'application/json', 'schema');
    }
    return undefined;
  }

  /** Sends a request over HTTP and records the request, status, body and header checks. */
  async function call(label, method, path, { body, raw, region = 'eu', environment = 'playground', auth, expectRefusal } = {}) {
    const id = specOf(path);
    const found = operationOf(specs[id], method, path);
    const name = `${label} (${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')})`;
    if (found && body !== undefined && !expectRefusal) {
      const validate = requestValidator(id, found);
      if (validate) add('request', name, validate(body), describeErrors(validate.errors));
    }
    const headers = { authorization: auth ?? basicAuthOf(sim, region, environment) };
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${sim.baseUrl(region, environment)}${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('application/json') && text !== '' ? JSON.parse(text) : undefined;
    const status = response.status;
    const correlationId = response.headers.get('klarna-correlation-id');

    if (expectRefusal) {
      const named = status === 400 && json?.error_code === 'BAD_VALUE' && json.error_messages.some((message) => message === `Bad value: ${expectRefusal}`);
      add('refusal', `${name} refuses ${expectRefusal}`, named, `got ${status} ${text.slice(0, 200)}`);
    }
    const documented = found?.operation.responses?.[String(status)];
    const bodyRefused = status === 400 && (found?.operation.requestBody !== undefined || body !== undefined || raw !== undefined);
    const statusOk = found === undefined ? status === 404 : documented !== undefined || bodyRefused || status === 401;
    add('status', `${name} → ${status}`, statusOk, found === undefined ? 'an unknown route must answer 404' : `status ${status} is not documented for ${found.template}`);

    const schemaOfStatus = documented?.content?.['application/json']?.schema;
    if (schemaOfStatus && json !== undefined) {
      const validate = validatorFor(id, 'paths', found.template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema');
      add('body', `${name} → ${status} body`, validate(json), describeErrors(validate.errors));
    } else if (status >= 400 && status !== 401 && !(status === 403 && text === '')) {
      add('body', `${name} → ${status} error body`, json !== undefined && strictError(json), `not Klarna's error shape: ${describeErrors(strictError.errors)} ${text.slice(0, 120)}`);
    } else if (status === 204 || status === 201) {
      add('body', `${name} → ${status} has no body`, text === '', `unexpected body ${text.slice(0, 120)}`);
    }

    const headerProblems = [];
    if (!correlationId) headerProblems.push('no Klarna-Correlation-Id');
    if (json?.error_code !== undefined && json.correlation_id !== correlationId) headerProblems.push('body correlation_id differs from the header');
    for (const header of Object.keys(documented?.headers ?? {})) if (!response.headers.get(header)) headerProblems.push(`no ${header} header`);
    add('headers', `${name} → ${status} headers`, headerProblems.length === 0, headerProblems.join('; '));
    return { status, body: json, text, headers: response.headers };
  }

  function checkLines(label, lines) {
    for (const [index, line] of (lines ?? []).entries()) {
      add('lines', `${label} order_lines[${index}] passes the Swagger order_line`, swaggerLine(line), describeErrors(swaggerLine.errors));
    }
  }

  return { checks, add, call, checkLines };
}

function basicAuthOf(sim, region, environment) {
  const { username, password } = sim.credentials[region][environment];
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

const cart = () => ({
  purchase_country: 'DE',
  purchase_currency: 'EUR',
  locale: 'de-DE',
  order_amount: 10000,
  order_tax_amount: 2000,
  order_lines: [
    { type: 'physical', reference: 'SKU-1', name: 'Hat', quantity: 1, unit_price: 6000, tax_rate: 2500, total_amount: 6000, total_tax_amount: 1200 },
    { type: 'physical', reference: 'SKU-2', name: 'Scarf', quantity: 1, unit_price: 4000, tax_rate: 2500, total_amount: 4000, total_tax_amount: 800 },
  ],
  merchant_urls: { confirmation: 'https://shop.example/thanks/{order.id}', authorization: 'https://shop.example/klarna/{session.id}?secret=s3cret' },
});
const billing = { given_name: 'Testperson-de', family_name: 'Approved', email: 'customer@email.de', street_address: 'Hellersbergstraße 14', postal_code: '41460', city: 'Neuss', country: 'DE' };

/** Sends raw bytes and resolves with everything the server answered until it closed the connection (or 3 s passed). */
function rawExchange(sim, bytes) {
  const { hostname, port } = new URL(sim.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.on('data', (chunk) => (received += chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => {});
    socket.write(bytes);
  });
}

/** Runs the whole Payments + Order Management flow against `sim` and returns the checks. */
export async function runFidelityChecks(sim, loaded) {
  const checker = createFidelityChecker(sim, loaded);
  const { add, call, checkLines } = checker;

  // Payments: sessions.
  const created = await call('create session', 'POST', '/payments/v1/sessions', { body: cart() });
  const sessionId = created.body.session_id;
  await call('read session', 'GET', `/payments/v1/sessions/${sessionId}`);
  await call('update session', 'POST', `/payments/v1/sessions/${sessionId}`, { body: { merchant_reference1: 'ORDER-1' } });
  const { locale: _locale, ...withoutLocale } = cart();
  const noLocale = await call('create session without locale', 'POST', '/payments/v1/sessions', { body: withoutLocale });
  const readNoLocale = await call('read session without locale', 'GET', `/payments/v1/sessions/${noLocale.body.session_id}`);
  add('behaviour', 'a session created without locale reads en-US', readNoLocale.body?.locale === 'en-US', `locale ${readNoLocale.body?.locale}`);
  await call('read unknown session', 'GET', '/payments/v1/sessions/00000000-0000-4000-8000-000000000000');
  await call('update unknown session', 'POST', '/payments/v1/sessions/00000000-0000-4000-8000-000000000000', { body: { merchant_reference1: 'x' } });
  await call('create session with malformed JSON', 'POST', '/payments/v1/sessions', { raw: '{"purchase_country":' });
  await call('unknown Payments route', 'GET', '/payments/v1/nothing-here');
  await call('create session with a wrong password', 'POST', '/payments/v1/sessions', { body: cart(), auth: 'Basic bm9wZTpub3Bl' });
  await call('create session, acquiring_channel PHONE', 'POST', '/payments/v1/sessions', { body: { ...cart(), acquiring_channel: 'PHONE' }, expectRefusal: 'acquiring_channel' });
  await call('create session, color_border red', 'POST', '/payments/v1/sessions', { body: { ...cart(), options: { color_border: 'red' } }, expectRefusal: 'options.color_border' });
  await call('create session, attachment without body', 'POST', '/payments/v1/sessions', {
    body: { ...cart(), attachment: { content_type: 'application/vnd.klarna.internal.emd-v2+json' } },
    expectRefusal: 'attachment.body',
  });
  await call('create session, custom_payment_method_ids [1]', 'POST', '/payments/v1/sessions', { body: { ...cart(), custom_payment_method_ids: [1] }, expectRefusal: 'custom_payment_method_ids[0]' });
  await call('create session without order_lines', 'POST', '/payments/v1/sessions', { body: { ...cart(), order_lines: undefined }, expectRefusal: 'order_lines' });

  // Payments: authorizations and orders.
  const approved = await sim.authorize({ session_id: sessionId, data: { billing_address: billing } });
  const token = approved.authorization_token;
  await call('create order with a mismatched cart', 'POST', `/payments/v1/authorizations/${token}/order`, {
    body: { ...cart(), billing_address: billing, order_amount: 9000, order_lines: [{ ...cart().order_lines[0], quantity: 1, total_amount: 9000, unit_price: 9000, total_tax_amount: 1800 }], order_tax_amount: 1800 },
  });
  await call('create order, order_lines[0].quantity "one"', 'POST', `/payments/v1/authorizations/${token}/order`, {
    body: { ...cart(), order_lines: [{ ...cart().order_lines[0], quantity: 'one' }] },
    expectRefusal: 'order_lines[0].quantity',
  });
  const order = await call('create order', 'POST', `/payments/v1/authorizations/${token}/order`, { body: { ...cart(), billing_address: billing } });
  const orderId = order.body.order_id;
  await call('create order with a consumed token', 'POST', `/payments/v1/authorizations/${token}/order`, { body: { ...cart(), billing_address: billing } });
  await call('cancel a consumed authorization', 'DELETE', `/payments/v1/authorizations/${token}`);
  await call('create order with an unknown token', 'POST', '/payments/v1/authorizations/00000000-0000-4000-8000-000000000000/order', { body: cart() });

  const tokenize = await call('create a tokenize session', 'POST', '/payments/v1/sessions', { body: { ...cart(), intent: 'buy_and_tokenize' } });
  const tokenizeApproval = await sim.authorize({ session_id: tokenize.body.session_id, data: { billing_address: billing } });
  const customerToken = { purchase_country: 'DE', purchase_currency: 'EUR', locale: 'de-DE', description: 'Monthly socks', intended_use: 'SUBSCRIPTION' };
  await call('create customer token, intended_use "FOREVER"', 'POST', `/payments/v1/authorizations/${tokenizeApproval.authorization_token}/customer-token`, {
    body: { ...customerToken, intended_use: 'FOREVER' },
    expectRefusal: 'intended_use',
  });
  await call('create customer token', 'POST', `/payments/v1/authorizations/${tokenizeApproval.authorization_token}/customer-token`, { body: customerToken });
  await call('create customer token for intent buy', 'POST', `/payments/v1/authorizations/${approved.authorization_token}/customer-token`, { body: customerToken });

  const cancelSession = await call('create a session to cancel', 'POST', '/payments/v1/sessions', { body: cart() });
  const toCancel = await sim.authorize({ session_id: cancelSession.body.session_id, data: { billing_address: billing } });
  await call('cancel an authorization', 'DELETE', `/payments/v1/authorizations/${toCancel.authorization_token}`);

  // Order Management.
  const base = `/ordermanagement/v1/orders/${orderId}`;
  const read = await call('read order', 'GET', base);
  checkLines('read order', read.body?.order_lines);
  await call('acknowledge order', 'POST', `${base}/acknowledge`);
  await call('merchant references', 'PATCH', `${base}/merchant-references`, { body: { merchant_reference1: 'ORDER-1', merchant_reference2: 'REF-2' } });
  await call('merchant references too long', 'PATCH', `${base}/merchant-references`, { body: { merchant_reference1: 'x'.repeat(256) }, expectRefusal: 'merchant_reference1' });
  await call('customer details', 'PATCH', `${base}/customer-details`, { body: { shipping_address: { ...billing, postal_code: '41460' } } });
  await call('customer details, postal_code of 11 characters', 'PATCH', `${base}/customer-details`, { body: { shipping_address: { ...billing, postal_code: '12345678901' } }, expectRefusal: 'shipping_address.postal_code' });
  await call('order shipping info', 'POST', `${base}/shipping-info`, { body: { shipping_info: [{ shipping_company: 'DHL', shipping_method: 'Home', tracking_number: '123' }] } });
  await call('update authorization with lines lacking type and tax', 'PATCH', `${base}/authorization`, {
    body: { order_amount: 10000, description: 'Same cart', order_lines: [{ name: 'Hat and scarf', quantity: 1, unit_price: 10000, total_amount: 10000 }] },
  });
  await call('update authorization above the maximum', 'PATCH', `${base}/authorization`, { body: { order_amount: 200000001 }, expectRefusal: 'order_amount' });
  const completed = await call('read order after the update', 'GET', base);
  checkLines('read order after the update', completed.body?.order_lines);
  add('behaviour', 'the order shows its order-level shipping_info', completed.body?.shipping_info?.[0]?.tracking_number === '123', JSON.stringify(completed.body?.shipping_info));

  const capture = await call('capture', 'POST', `${base}/captures`, {
    body: { captured_amount: 4000, description: 'First parcel', order_lines: [cart().order_lines[1]], shipping_info: [{ shipping_company: 'DHL', shipping_method: 'Home', tracking_number: '456' }] },
  });
  const captureId = capture.headers.get('capture-id');
  await call('capture, shipping_method Teleport', 'POST', `${base}/captures`, { body: { captured_amount: 100, shipping_info: [{ shipping_method: 'Teleport' }] }, expectRefusal: 'shipping_info[0].shipping_method' });
  await call('capture, order line type bogus', 'POST', `${base}/captures`, {
    body: { captured_amount: 100, order_lines: [{ ...cart().order_lines[0], type: 'bogus' }] },
    expectRefusal: 'order_lines[0].type',
  });
  await call('capture, shipping_delay -1', 'POST', `${base}/captures`, { body: { captured_amount: 100, shipping_delay: -1 }, expectRefusal: 'shipping_delay' });
  await call('capture more than authorized', 'POST', `${base}/captures`, { body: { captured_amount: 9000 } });
  const list = await call('list captures', 'GET', `${base}/captures`);
  for (const entry of list.body ?? []) checkLines('list captures', entry.order_lines);
  await call('read capture', 'GET', `${base}/captures/${captureId}`);
  await call('read unknown capture', 'GET', `${base}/captures/00000000-0000-4000-8000-000000000000`);
  await call('capture shipping info', 'POST', `${base}/captures/${captureId}/shipping-info`, { body: { shipping_info: [{ shipping_company: 'UPS', tracking_number: '789' }] } });
  await call('trigger send-out', 'POST', `${base}/captures/${captureId}/trigger-send-out`);
  await call('extend due date options', 'GET', `${base}/captures/${captureId}/extend-due-date-options`);
  await call('extend due date', 'PATCH', `${base}/captures/${captureId}/extend-due-date`, { body: { number_of_days: 14 } });
  await call('extend due date again', 'PATCH', `${base}/captures/${captureId}/extend-due-date`, { body: { number_of_days: 14 } });
  const refund = await call('refund', 'POST', `${base}/refunds`, { body: { refunded_amount: 1000, description: 'Returned scarf', order_lines: [{ name: 'Scarf', quantity: 1, unit_price: 1000, total_amount: 1000 }] } });
  await call('read refund', 'GET', `${base}/refunds/${refund.headers.get('refund-id')}`);
  await call('read unknown refund', 'GET', `${base}/refunds/00000000-0000-4000-8000-000000000000`);
  await call('refund more than captured', 'POST', `${base}/refunds`, { body: { refunded_amount: 999999 } });
  await call('extend authorization time', 'POST', `${base}/extend-authorization-time`);
  await call('cancel a captured order', 'POST', `${base}/cancel`);
  await call('release remaining authorization', 'POST', `${base}/release-remaining-authorization`);
  const final = await call('read the captured order', 'GET', base);
  checkLines('read the captured order', final.body?.order_lines);
  for (const entry of final.body?.captures ?? []) checkLines('captures of the order', entry.order_lines);
  for (const entry of final.body?.refunds ?? []) checkLines('refunds of the order', entry.order_lines);
  await call('read unknown order', 'GET', '/ordermanagement/v1/orders/00000000-0000-4000-8000-000000000000');

  const second = await call('create a second session', 'POST', '/payments/v1/sessions', { body: cart() });
  const secondApproval = await sim.authorize({ session_id: second.body.session_id, data: { billing_address: billing } });
  const secondOrder = await call('create a second order', 'POST', `/payments/v1/authorizations/${secondApproval.authorization_token}/order`, { body: { ...cart(), billing_address: billing } });
  await call('cancel an order', 'POST', `/ordermanagement/v1/orders/${secondOrder.body.order_id}/cancel`);
  await call('capture a cancelled order', 'POST', `/ordermanagement/v1/orders/${secondOrder.body.order_id}/captures`, { body: { captured_amount: 100 } });

  // A client that writes `{}` after a GET without Content-Length gets its answer.
  const { username, password } = sim.credentials.eu.playground;
  const answered = await rawExchange(
    sim,
    `GET /eu/playground/ordermanagement/v1/orders/${orderId} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ${Buffer.from(`${username}:${password}`).toString('base64')}\r\n\r\n{}`,
  );
  add('behaviour', 'a GET followed by stray body bytes is answered 200', answered.startsWith('HTTP/1.1 200'), answered.slice(0, 60));

  return checker.checks;
}
