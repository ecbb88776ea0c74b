#!/usr/bin/env node
// `npm start` runs this (after the build): starts the demo shop and prints its URL and which Klarna it uses.
// `node demo/server.mjs --help` lists the options. Real Klarna instead of the offline simulator:
// KLARNA_USERNAME, KLARNA_PASSWORD, KLARNA_REGION (eu|na|oc) and optionally KLARNA_ENVIRONMENT.
import { parseArgs } from 'node:util';
import { klarnaSettingsFromEnv, startDemoShop } from './shop-server.mjs';

const USAGE = `Usage: npm start -- [options]      (or: node demo/server.mjs [options])

Options:
  --port <number>            the shop's port (default 3000, or $PORT; a taken port falls back to a free one; 0 = a free port)
  --host <address>           the interface the shop listens on (default 127.0.0.1, or $HOST)
  --simulator-port <number>  the offline Klarna simulator's port (default a free one, or $KLARNA_SIMULATOR_PORT)
  --allowed-host <name>      another host name the shop answers to (repeatable); localhost, 127.0.0.1 and [::1] always work
  --help                     show this help

Environment:
  PORT, HOST, KLARNA_SIMULATOR_PORT          as the options above (an option wins over its variable)
  KLARNA_USERNAME, KLARNA_PASSWORD, KLARNA_REGION (eu, na or oc)
                                             use real Klarna instead of the simulator
  KLARNA_ENVIRONMENT                         playground (default) or production`;

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** A port number from an option or variable, or a failure that names where it came from. */
function portFrom(text, name) {
  const port = Number(text);
  if (text === '' || !Number.isInteger(port) || port < 0 || port > 65535) fail(`${name} is "${text}": give a port number from 0 to 65535.\n\n${USAGE}`);
  return port;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'simulator-port': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(`${error.message}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = values.port !== undefined ? portFrom(values.port, '--port') : process.env.PORT !== undefined ? portFrom(process.env.PORT, 'PORT') : 3000;
const host = values.host ?? process.env.HOST ?? '127.0.0.1';
const simulatorPortText = values['simulator-port'] ?? process.env.KLARNA_SIMULATOR_PORT;
const simulatorPort =
  simulatorPortText === undefined ? 0 : portFrom(simulatorPortText, values['simulator-port'] !== undefined ? '--simulator-port' : 'KLARNA_SIMULATOR_PORT');

let klarna;
try {
  klarna = klarnaSettingsFromEnv();
} catch (error) {
  fail(error.message);
}
if (klarna && simulatorPortText !== undefined) console.warn('The simulator port is ignored: the shop talks to real Klarna (KLARNA_USERNAME is set).');

const logger = { info: (message) => console.log(message), warn: (message) => console.warn(message), error: (message) => console.error(message) };
const options = { host, klarna, logger, allowedHosts: values['allowed-host'], simulator: { port: simulatorPort } };
let shop;
try {
  shop = await startDemoShop({ ...options, port });
} catch (error) {
  if (error?.code !== 'EADDRINUSE' || port === 0) fail(`The demo shop could not start: ${error.message}`);
  // Which server found its port taken: the simulator starts first.
  const simulatorTaken = klarna === undefined && simulatorPort !== 0 && String(error.message).includes(`:${simulatorPort}`);
  if (simulatorTaken) fail(`The simulator's port ${simulatorPort} is taken: pick another with --simulator-port, or leave it out for a free one.`);
  console.log(`Port ${port} is taken; using a free port instead.`);
  try {
    shop = await startDemoShop({ ...options, port: 0 });
  } catch (retryError) {
    fail(`The demo shop could not start: ${retryError.message}`);
  }
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
