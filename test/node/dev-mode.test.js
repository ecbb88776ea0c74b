// The development build (docs/decisions/0005): `#dev-mode` exports the developer helpers under the `development`
// condition and the same names as `undefined` by default, and a production bundle of the browser entry carries none
// of the development-only code (test/node/bundlers.test.js checks esbuild, Vite and webpack too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import * as devMode from '#dev-mode';
import { minifier } from '../../rollup.config.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Each export of `#dev-mode`, as a child Node process with `conditions` sees it: its name and its type. */
function devModeUnder(conditions) {
  const script =
    "import('#dev-mode').then((module) => process.stdout.write(JSON.stringify(Object.entries(module).map(([name, value]) => [name, typeof value]))))";
  const output = execFileSync(process.execPath, [...conditions.map((name) => `--conditions=${name}`), '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return Object.fromEntries(JSON.parse(output));
}

/** The browser entry bundled (lit external) and minified with our terser settings, resolved under `conditions`. */
async function bundleBrowserEntry(conditions) {
  const bundle = await rollup({
    input: `${root}dist/index.js`,
    external: (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/'),
    plugins: [nodeResolve({ browser: true, exportConditions: conditions })],
    onwarn() {},
  });
  try {
    return (await bundle.generate({ format: 'es', plugins: [minifier({ module: true })] })).output[0].code;
  } finally {
    await bundle.close();
  }
}

test('#dev-mode exports the same helpers in both builds: undefined by default, functions under the development condition', () => {
  const production = devModeUnder([]);
  const development = devModeUnder(['development']);
  assert.ok(Object.keys(development).length >= 10, `Too few development helpers: ${Object.keys(development)}.`);
  assert.deepEqual(Object.keys(production).sort(), Object.keys(development).sort(), 'dev-mode.ts and dev-mode.development.ts export different names.');
  for (const [name, type] of Object.entries(development)) assert.equal(type, 'function', `${name} is not a function in development.`);
  for (const [name, type] of Object.entries(production)) assert.equal(type, 'undefined', `${name} is not undefined in production.`);
  assert.deepEqual(Object.values(devMode), Object.keys(production).map(() => undefined), 'This process (no conditions) sees the development helpers.');
});

// Phrases only the development helpers contain (test/node/bundlers.test.js looks for the same ones): the long
// messages quote the value received, explain an invalid answer field by field, and name the way out.
const DEVELOPMENT_PHRASES = ['but received', 'with an invalid body', 'load one copy of klarna-checkout-button', 'To work offline'];

/** The development phrases `code` contains. */
function developmentPhrasesIn(code) {
  return DEVELOPMENT_PHRASES.filter((phrase) => code.includes(phrase));
}

test('a production bundle drops the development-only code that a development bundle keeps', async () => {
  const [production, development] = await Promise.all([bundleBrowserEntry([]), bundleBrowserEntry(['development'])]);
  assert.deepEqual(developmentPhrasesIn(development), DEVELOPMENT_PHRASES, 'The development bundle lacks the long messages.');
  assert.deepEqual(developmentPhrasesIn(production), [], 'The production bundle still carries development messages.');
  assert.ok(
    development.length > production.length * 1.1,
    `The development bundle (${development.length} B) should be clearly bigger than the production one (${production.length} B).`,
  );
});

test('the shipped CDN bundles are production builds', () => {
  for (const file of ['klarna-checkout-button.js', 'klarna-checkout-button.iife.js']) {
    const code = readFileSync(new URL(`../../dist/cdn/${file}`, import.meta.url), 'utf8');
    assert.deepEqual(developmentPhrasesIn(code), [], `dist/cdn/${file} carries development messages.`);
  }
});
