// The README's quick start, run as a newcomer would, from the README's own text: its first `html` block is
// saved as index.html in an empty folder, and its first `sh` block runs there in a shell. The one change the
// test makes: `npm install klarna-checkout-button` installs the tarball of this repository (`npm pack`)
// instead of the registry's copy, since the test must try this checkout's code; lit and @lit/react come
// from the registry (or npm's cache). The block ends by starting the development server in the foreground;
// the test opens the URL it prints in headless Chromium, presses the button, approves in the simulator's
// Klarna window and expects the order on the page and in the server's log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROME_ARGS } from '../../scripts/chrome.mjs';
import { codeBlocks } from '../helpers/markdown-code-blocks.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = codeBlocks(readme);
const firstSh = blocks.find((block) => block.language === 'sh');
const firstHtml = blocks.find((block) => block.language === 'html');
const TIMEOUT = { timeout: 240_000 };

let workDir;
let tarball;
let server;
let serverOutput = '';
let browser;

/** The sh block with the registry package swapped for the tarball, on the `npm install` line only. */
function withTarball(script, tarball) {
  let replaced = 0;
  const lines = script.split('\n').map((line) => {
    if (!/^\s*npm (install|i) /.test(line) || !/\bklarna-checkout-button\b/.test(line)) return line;
    replaced += 1;
    return line.replace(/(?<![\w/@-])klarna-checkout-button(?![\w/-])/, JSON.stringify(tarball));
  });
  assert.equal(replaced, 1, `The quick start's sh block should install klarna-checkout-button with one npm install line:\n${script}`);
  return lines.join('\n');
}

/** Starts the block in a shell of its own process group; resolves with the URL the server prints. */
function startQuickStart(script, cwd) {
  return new Promise((resolve, reject) => {
    server = spawn('sh', ['-e', '-c', script], {
      cwd,
      detached: true,
      env: {
        ...process.env,
        PORT: '0', // a free port: the test may run next to another server on 3000
        npm_config_prefer_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
        npm_config_yes: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk) => {
      serverOutput += chunk;
      const match = /Open (http:\/\/\S+?)\/?\s/.exec(serverOutput);
      if (match) resolve(match[1]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', (chunk) => {
      serverOutput += chunk;
    });
    server.on('exit', (code) => reject(new Error(`The quick start's sh block ended (exit code ${code}) before a server printed its URL:\n${serverOutput}`)));
  });
}

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kcb-quick-start-'));
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  tarball = join(workDir, JSON.parse(stdout)[0].filename);
  browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: CHROME_ARGS });
});

after(async () => {
  if (server?.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await browser?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the quick start comes first, with its set-up in one sh block and the whole page in one html block', () => {
  const quickStart = readme.indexOf('## Quick start');
  assert.ok(quickStart !== -1 && readme.slice(0, quickStart).split('\n').length < 15, 'README.md has no "## Quick start" near the top.');
  assert.equal(firstSh?.section, 'Quick start', 'The README\'s first sh block is not in "Quick start".');
  assert.equal(firstHtml?.section, 'Quick start', 'The README\'s first html block is not in "Quick start".');
  assert.doesNotMatch(firstSh.text, /(^|\n)\s*cd\s/, 'The sh block must run in the empty folder, without cd.');
  assert.match(firstHtml.text, /^<!doctype html>/i, 'The html block is the whole page.');
  // The no-build path: every script URL resolves in a plain page (no bare module specifier).
  const specifiers = [...firstHtml.text.matchAll(/import\s+(?:[^'"]*from\s+)?['"]([^'"]+)['"]/g)].map((match) => match[1]);
  assert.ok(specifiers.length > 0);
  for (const specifier of specifiers) assert.match(specifier, /^(\/|\.\/|https:\/\/)/, `"${specifier}" is a bare specifier: a plain page cannot resolve it.`);
});

test('the quick start, run from the README in an empty folder, places an order on the simulator', TIMEOUT, async () => {
  const folder = join(workDir, 'my-shop');
  mkdirSync(folder);
  writeFileSync(join(folder, 'index.html'), firstHtml.text);
  const url = await startQuickStart(withTarball(firstSh.text, tarball), folder);

  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${url}/`);
  await page.locator('klarna-checkout-button[state="ready"]').waitFor({ timeout: 30_000 });
  await page.locator('klarna-checkout-button').getByRole('button', { name: 'Buy with Klarna' }).click();
  await page.frameLocator('[data-klarna-simulator-overlay]').getByRole('button', { name: 'Approve purchase' }).click();
  await page.locator('#message', { hasText: /Thank you! Order \S+ is placed\./ }).waitFor({ timeout: 30_000 });
  const orderId = /Order (\S+) is placed/.exec(await page.locator('#message').textContent())[1];
  // The server's log names the order with its amount as money.
  for (let attempt = 0; attempt < 50 && !serverOutput.includes(orderId); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(serverOutput, new RegExp(`Order ${orderId} placed: 25\\.00 EUR\\.`));
  assert.deepEqual(problems, []);
  await page.close();
  // React without surprises: the wrapper's one dependency came with the package.
  assert.ok(existsSync(join(folder, 'node_modules/@lit/react/package.json')), '@lit/react was not installed with klarna-checkout-button.');
});
