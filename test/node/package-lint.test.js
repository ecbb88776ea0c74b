// The published package, as npm would pack it: only dist/, the README and the Custom Elements Manifest;
// publint and Are-The-Types-Wrong (ESM-only profile: we ship no CommonJS) report no problem at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let packDir;
let tarball;
let packedFiles;

before(async () => {
  packDir = mkdtempSync(join(tmpdir(), 'kcb-pack-'));
  const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout);
  tarball = join(packDir, report.filename);
  packedFiles = report.files.map((file) => file.path);
});

after(() => {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

test('the tarball holds only dist/, the README, the manifest, package.json and the licence', () => {
  const unexpected = packedFiles.filter(
    (path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'custom-elements.json', 'LICENSE'].includes(path),
  );
  assert.deepEqual(unexpected, [], 'Files outside dist/ would be published; narrow "files" in package.json.');
  for (const folder of ['src/', 'test/', 'demo/', 'scripts/', 'docs/', 'node_modules/']) {
    assert.ok(!packedFiles.some((path) => path.startsWith(folder)), `${folder} must not be published.`);
  }
  assert.ok(packedFiles.includes('custom-elements.json'), 'custom-elements.json is missing: run the build (its last step writes it).');
});

test('the README is in the tarball', () => {
  assert.ok(packedFiles.includes('README.md'), 'README.md is not in the tarball: add it to "files".');
});

test('every file the exports map, bin and customElements name is in the tarball', () => {
  const named = new Set([packageJson.customElements, ...Object.values(packageJson.bin ?? {})]);
  for (const target of Object.values(packageJson.exports)) {
    for (const file of typeof target === 'string' ? [target] : Object.values(target)) named.add(file);
  }
  const missing = [...named].map((file) => file.replace(/^\.\//, '')).filter((file) => !packedFiles.includes(file));
  assert.deepEqual(missing, [], 'package.json names files the tarball does not contain.');
});

test('the CDN bundles (ES module and classic script) are in the tarball', () => {
  assert.ok(packedFiles.includes('dist/cdn/klarna-checkout-button.js'));
  assert.ok(packedFiles.includes('dist/cdn/klarna-checkout-button.iife.js'));
});

test('publint reports nothing on the packed tarball (strict, suggestions included)', async () => {
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  const reported = messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code} (${message.path.join('.')})`);
  assert.deepEqual(reported, []);
});

test('Are-The-Types-Wrong reports nothing on the packed tarball (profile esm-only)', async () => {
  const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
  const result = await run(process.execPath, [attw, tarball, '--profile', 'esm-only', '--format', 'json'], {
    cwd: packDir,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error) => ({ code: error.code, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    assert.fail(`attw printed no JSON report (exit code ${result.code}): ${result.stderr ?? result.stdout}`);
  }
  // The esm-only profile ignores CommonJS resolution (node10, node16 from CJS); everything else counts.
  const ignored = new Set(['node10', 'node16-cjs']);
  const problems = Object.values(report.problems ?? {})
    .flat()
    .filter((problem) => !ignored.has(problem.resolutionKind))
    .map((problem) => `${problem.kind} for "${problem.entrypoint}" (${problem.resolutionKind ?? 'any resolution'})`);
  assert.deepEqual(problems, []);
  if (problems.length === 0) assert.equal(result.code, 0, 'attw exited with a failure code.');
});
