// The stage the guides' examples run on (test/node/docs-examples.test.js, docs-framework-examples.test.js): a
// temporary folder served by the development server (dist/dev-server, as `npx klarna-checkout-button dev` runs it)
// on the offline simulator, and headless Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from '../../scripts/chrome.mjs';
import { startDevServer } from '../../dist/dev-server/start-dev-server.js';

const quiet = { info() {}, warn() {}, error() {} };

/** Starts the server on a fresh folder named `folderPrefix…` and launches Chromium; resolves `{ folder, server, browser }`. */
export async function startExampleStage(folderPrefix) {
  const folder = mkdtempSync(join(tmpdir(), folderPrefix));
  let server;
  try {
    server = await startDevServer({ folder, port: 0, logger: quiet });
    const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROME_ARGS });
    return { folder, server, browser };
  } catch (error) {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Closes what `startExampleStage` started and removes its folder; any part may be missing. */
export async function stopExampleStage({ folder, server, browser }) {
  await browser?.close();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}

/**
 * Collects into `problems` what would break an example for a reader: page errors, console errors (but the
 * "Failed to load resource" lines, which the response check names with their URL) and answers of 400 or more
 * (but the /thanks page the examples navigate to, which the server does not serve).
 */
export function collectPageProblems(page, problems) {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/thanks') problems.push(`${response.status()} ${response.url()}`);
  });
}
