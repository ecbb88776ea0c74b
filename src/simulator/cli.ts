#!/usr/bin/env node
/**
 * `npx klarna-simulator [--port 4010] [--host 127.0.0.1]`: starts the offline Klarna and prints its URL
 * and the credentials of every region and environment. Stops on Ctrl+C.
 */
import { parseArgs } from 'node:util';
import { startKlarnaSimulator } from './simulator-server.js';

const usage = 'Usage: klarna-simulator [--port <number>] [--host <address>]';

/** Reads the command line, starts the simulator and prints how to reach it. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p', default: process.env.KLARNA_SIMULATOR_PORT ?? '4010' },
      host: { type: 'string', default: process.env.KLARNA_SIMULATOR_HOST ?? '127.0.0.1' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535; received "${values.port}". ${usage}`);
    process.exitCode = 2;
    return;
  }
  const simulator = await startKlarnaSimulator({ port, host: values.host });
  const rows: string[][] = [['region', 'environment', 'base URL', 'username', 'password', 'API key']];
  for (const region of ['eu', 'na', 'oc'] as const) {
    for (const environment of ['playground', 'production'] as const) {
      const account = simulator.credentials[region][environment];
      rows.push([region, environment, simulator.baseUrl(region, environment), account.username, account.password, account.apiKey]);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(`Klarna simulator listening on ${simulator.url}`);
  console.log(`Browser library (library-src): ${simulator.url}/kp/lib/v1/api.js`);
  console.log('Offline test credentials (not real Klarna credentials):');
  for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`);
  console.log('Press Ctrl+C to stop.');
  const stop = (): void => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`klarna-simulator could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
