#!/usr/bin/env node
/**
 * The package's command line: `npx klarna-checkout-button dev [folder] [--port 3000] [--host 127.0.0.1]`
 * starts the development server (start-dev-server.ts) on the offline Klarna simulator and prints the URL
 * to open. Stops on Ctrl+C.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DevServerError } from './dev-server-error.js';
import { DEV_CHECKOUT_PREFIX, DEV_LIBRARY_PATH, startDevServer, type DevServerKlarnaSettings } from './start-dev-server.js';

const USAGE = `Usage: klarna-checkout-button dev [folder] [options]

Serves [folder] (default: the current folder) with everything a page needs to take a simulated Klarna payment:
  /klarna-checkout-button.js   the <klarna-checkout-button> element (ES module; .iife.js for a classic script)
  ${DEV_CHECKOUT_PREFIX}session, ${DEV_CHECKOUT_PREFIX}order   the checkout handler (session-url, order-url)
  ${DEV_LIBRARY_PATH}            the simulator's Klarna library (library-src)
The page's cart carries its priced lines: { lines: [{ name, quantity, unit_price, tax_rate }] }, amounts in
minor units. That is for development only: the server never runs against Klarna's production environment.

Options:
  --port <number>   port to listen on (default 3000, or $PORT; 0 picks a free one)
  --host <address>  interface to listen on (default 127.0.0.1, or $HOST)
  --help            show this help

Environment:
  PORT, HOST                                      as --port and --host
  KLARNA_USERNAME, KLARNA_PASSWORD, KLARNA_REGION  use Klarna's playground (eu, na or oc) instead of the simulator`;

function fail(message: string, exitCode = 2): never {
  console.error(message);
  process.exit(exitCode);
}

/** Reads Klarna playground credentials from the environment, or undefined for the simulator. */
function klarnaFromEnvironment(env: NodeJS.ProcessEnv): DevServerKlarnaSettings | undefined {
  const { KLARNA_USERNAME: username, KLARNA_PASSWORD: password, KLARNA_REGION: region, KLARNA_ENVIRONMENT: environment } = env;
  if (environment !== undefined && environment.toLowerCase() === 'production') {
    throw new DevServerError(
      "KLARNA_ENVIRONMENT is production: the development server prices the cart the page sends, so it never runs against Klarna's production environment. Unset it (playground is the default).",
    );
  }
  if (!username && !password && !region) return undefined;
  if (!username || !password || !region) {
    throw new DevServerError('To use Klarna\'s playground set KLARNA_USERNAME, KLARNA_PASSWORD and KLARNA_REGION together; unset all three to use the offline simulator.');
  }
  const normalized = region.toLowerCase();
  if (normalized !== 'eu' && normalized !== 'na' && normalized !== 'oc') {
    throw new DevServerError(`KLARNA_REGION is "${region}": set it to eu, na or oc (the region of your Klarna account).`);
  }
  return { username, password, region: normalized, environment: 'playground' };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p', default: process.env['PORT'] ?? '3000' },
        host: { type: 'string', default: process.env['HOST'] ?? '127.0.0.1' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, folder, ...extra] = positionals;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command !== 'dev') fail(command === undefined ? USAGE : `Unknown command "${command}": the only command is dev.\n\n${USAGE}`);
  if (extra.length > 0) fail(`dev serves one folder; received also ${extra.map((item) => `"${item}"`).join(', ')}.\n\n${USAGE}`);
  const port = Number(values.port);
  if (values.port === '' || !Number.isInteger(port) || port < 0 || port > 65535) fail(`--port is "${values.port}": give a whole number from 0 to 65535.`);

  let server;
  try {
    const klarna = klarnaFromEnvironment(process.env);
    server = await startDevServer({ folder: folder ?? '.', port, host: values.host, klarna, logger: console });
  } catch (error) {
    fail(`klarna-checkout-button dev could not start: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  const hasIndex = await stat(join(server.folder, 'index.html')).then(
    (info) => info.isFile(),
    () => false,
  );
  console.log('');
  console.log(`  Serving ${server.folder}`);
  if (!hasIndex) console.log('  No index.html here yet: save your page in this folder as index.html, then open the URL below.');
  console.log(`  Open ${server.url}/`);
  console.log(`  Klarna: ${server.klarnaDescription}`);
  console.log('  Press Ctrl+C to stop.');
  console.log('');
  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
