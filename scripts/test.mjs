// `npm test`: builds, then runs every test — Node tests with Node's own runner (test/node, test/e2e) and
// browser tests in real headless Chromium (test/browser) — and ends with one line "N passed, N failed".
// Options: --skip-build; NODE_TESTS / BROWSER_TESTS narrow the files (paths or globs relative to the repo).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOrInstallChrome } from './chrome.mjs';
import { startRedisServer } from './redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Each run writes its counts under its own folder, so parallel runs (say, two terminals) never mix them.
const results = join(root, '.test-results', String(process.pid));
const args = process.argv.slice(2);

function run(command, commandArgs, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function testFiles(dir) {
  const abs = join(root, dir);
  try {
    statSync(abs);
  } catch {
    return [];
  }
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.test.js') || name.endsWith('.test.mjs'))
    .map((name) => relative(root, join(abs, name)))
    .sort();
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

if (!args.includes('--skip-build')) {
  const code = await run(process.execPath, ['scripts/build.mjs']);
  if (code !== 0) {
    console.log('The build failed, so no test ran.');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

let chrome;
try {
  chrome = findOrInstallChrome();
} catch (error) {
  console.error(error.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const env = { ...process.env, CHROME_PATH: chrome, TEST_RESULTS_DIR: results };
console.log(`Browser: ${chrome}`);

const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (counts, label) => {
  if (!counts) {
    console.log(`${label}: the runner reported no results (counted as one failure).`);
    totals.failed += 1;
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped ?? 0;
  console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
};

// Node tests: unit and HTTP tests (test/node), end-to-end browser scripts driven from Node (test/e2e).
const nodeFiles = process.env.NODE_TESTS ? process.env.NODE_TESTS.split(/\s+/).filter(Boolean) : [...testFiles('test/node'), ...testFiles('test/e2e')];
let nodeCounts = { passed: 0, failed: 0, skipped: 0 };
if (nodeFiles.length > 0 && process.env.NODE_TESTS !== '-') {
  // One redis-server for the Redis tests of this run (installed with apt-get as root when missing), on a
  // free loopback port, passed as REDIS_URL and stopped at the end. Tests fail with the reason if it is missing.
  let redis;
  if (!process.env.REDIS_URL) {
    try {
      redis = await startRedisServer();
      env.REDIS_URL = redis.url;
      console.log(`Redis: ${redis.url}`);
    } catch (error) {
      console.error(`The Redis tests will fail: ${error.message}`);
    }
  }
  const countsFile = join(results, 'node.json');
  await run(
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/node-counting-reporter.mjs',
      `--test-reporter-destination=${countsFile}`,
      ...nodeFiles,
    ],
    { env },
  );
  nodeCounts = readCounts(countsFile);
  await redis?.stop();
}

// Browser tests. First every test/prepare/*.mjs script runs (e.g. bundling React test apps into .test-build/).
for (const script of readdirSync(join(root, 'test/prepare'), { withFileTypes: true }).filter((entry) => entry.name.endsWith('.mjs'))) {
  const code = await run(process.execPath, [join('test/prepare', script.name)], { env });
  if (code !== 0) {
    console.log(`test/prepare/${script.name} failed (exit code ${code}): counted as one failure.`);
    totals.failed += 1;
  }
}
let browserCounts = { passed: 0, failed: 0, skipped: 0 };
if (process.env.BROWSER_TESTS !== '-' && testFiles('test/browser').length > 0) {
  await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'], { env });
  browserCounts = readCounts(join(results, 'browser.json'));
}

console.log('');
add(nodeCounts, 'Node tests');
add(browserCounts, 'Browser tests');
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
