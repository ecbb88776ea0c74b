#!/usr/bin/env node
// `npm start` runs this (after the build): starts the demo shop and prints its URL and which Klarna it uses.
//   node demo/server.mjs [--port 3000] [--host 127.0.0.1]
// Real Klarna instead of the offline simulator: KLARNA_USERNAME, KLARNA_PASSWORD, KLARNA_REGION (eu|na|oc)
// and optionally KLARNA_ENVIRONMENT (playground, the default, or production).
import { parseArgs } from 'node:util';
import { klarnaSettingsFromEnv, startDemoShop } from './shop-server.mjs';

const USAGE = 'Usage: node demo/server.mjs [--port 3000] [--host 127.0.0.1]';

function fail(message) {
  console.error(message);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: { port: { type: 'string', default: process.env.PORT ?? '3000' }, host: { type: 'string', default: '127.0.0.1' }, help: { type: 'boolean' } },
  }));
} catch (error) {
  fail(`${error.message}\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port is "${values.port}": give a port number from 0 to 65535.\n${USAGE}`);

let klarna;
try {
  klarna = klarnaSettingsFromEnv();
} catch (error) {
  fail(error.message);
}

const logger = { info: (message) => console.log(message), warn: (message) => console.warn(message), error: (message) => console.error(message) };
let shop;
try {
  shop = await startDemoShop({ port, host: values.host, klarna, logger });
} catch (error) {
  if (error?.code !== 'EADDRINUSE' || port === 0) fail(`The demo shop could not start: ${error.message}`);
  console.log(`Port ${port} is taken; using a free port instead.`);
  shop = await startDemoShop({ port: 0, host: values.host, klarna, logger });
}

console.log('');
console.log(`  Demo shop:  ${shop.url}/`);
console.log(`  Admin:      ${shop.url}/admin.html`);
console.log(
  shop.klarna.kind === 'simulator'
    ? `  Klarna: offline simulator at ${shop.simulator.url}`
    : `  Klarna: real ${shop.klarna.environment} (${shop.klarna.region.toUpperCase()})`,
);
console.log('');
console.log('  Press Ctrl+C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await shop.stop();
    process.exit(0);
  });
}
