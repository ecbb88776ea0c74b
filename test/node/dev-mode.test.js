// The development build (docs/decisions/0005): `#dev-mode` is false by default and true under the `development`
// condition, and a production bundle of the browser entry carries none of the development-only code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { DEV_MODE } from '#dev-mode';
import { minifier } from '../../rollup.config.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** DEV_MODE as a child Node process with `conditions` sees it. */
function devModeUnder(conditions) {
  const script = "import('#dev-mode').then(({ DEV_MODE }) => process.stdout.write(String(DEV_MODE)))";
  return execFileSync(process.execPath, [...conditions.map((name) => `--conditions=${name}`), '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
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

test('DEV_MODE is false by default and true under the development condition', () => {
  assert.equal(DEV_MODE, false);
  assert.equal(devModeUnder([]), 'false');
  assert.equal(devModeUnder(['development']), 'true');
});

// Every long development message quotes the value it received ("…, but received 0 (a number).").
const DEVELOPMENT_PHRASE = 'but received';

test('a production bundle drops the development-only code that a development bundle keeps', async () => {
  const [production, development] = await Promise.all([bundleBrowserEntry([]), bundleBrowserEntry(['development'])]);
  assert.ok(development.includes(DEVELOPMENT_PHRASE), 'The development bundle lacks the long messages.');
  assert.ok(!production.includes(DEVELOPMENT_PHRASE), 'The production bundle still carries development messages.');
  assert.ok(
    development.length > production.length * 1.1,
    `The development bundle (${development.length} B) should be clearly bigger than the production one (${production.length} B).`,
  );
});

test('the shipped CDN bundles are production builds', () => {
  for (const file of ['klarna-checkout-button.js', 'klarna-checkout-button.iife.js']) {
    const code = readFileSync(new URL(`../../dist/cdn/${file}`, import.meta.url), 'utf8');
    assert.ok(!code.includes(DEVELOPMENT_PHRASE), `dist/cdn/${file} carries development messages.`);
  }
});
