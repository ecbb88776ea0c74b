// The package as a merchant's bundler builds it (docs/decisions/0005): the browser entry dist/index.js, lit external,
// bundled for production by esbuild, Vite and webpack, carries none of the development-only code; a development build
// (the `development` export condition) carries it. Each bundler builds once per mode into .test-build/. Needs the build.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';
import webpack from 'webpack';
import { brotliSize } from '../../scripts/measure-size.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = join(root, 'dist/index.js');
const outputRoot = join(root, '.test-build', `bundlers-${process.pid}`);

// Phrases only the development helpers contain (the same ones test/node/dev-mode.test.js looks for): the long
// messages quote the value received, explain an invalid answer field by field, and name the way out.
const DEVELOPMENT_PHRASES = ['but received', 'with an invalid body', 'load one copy of klarna-checkout-button', 'To work offline'];

/** True for lit and its packages, which a merchant's bundler resolves from the app's own dependencies. */
function isLit(id) {
  return id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/');
}

/** esbuild: `--bundle --minify`, the browser platform's default conditions, plus `conditions`. */
async function bundleWithEsbuild(conditions) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions,
    external: ['lit', 'lit/*', '@lit/*'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Vite: a library build in `mode`, resolving with Vite's default conditions for the browser and that mode's name. */
async function bundleWithVite(mode) {
  const output = await viteBuild({
    configFile: false,
    root: outputRoot,
    mode,
    logLevel: 'silent',
    resolve: { conditions: ['module', 'browser', mode] },
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['es'], fileName: 'klarna-checkout-button' },
      rollupOptions: { external: isLit },
    },
  });
  const [{ output: chunks }] = Array.isArray(output) ? output : [output];
  return chunks.filter((chunk) => chunk.type === 'chunk').map((chunk) => chunk.code).join('\n');
}

/** webpack: `mode: 'production'` (its default conditions and minifier), an ES module library, written to `outputRoot`. */
async function bundleWithWebpack() {
  const path = join(outputRoot, 'webpack');
  const compiler = webpack({
    mode: 'production',
    context: root,
    entry,
    target: 'web',
    experiments: { outputModule: true },
    output: { path, filename: 'klarna-checkout-button.js', library: { type: 'module' } },
    externalsType: 'module',
    externals: [({ request }, callback) => (isLit(request) ? callback(undefined, request) : callback())],
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  });
  const stats = await new Promise((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))));
  await new Promise((resolve) => compiler.close(resolve));
  assert.ok(!stats.hasErrors(), `webpack failed: ${stats.toString({ all: false, errors: true })}`);
  return readFileSync(join(path, 'klarna-checkout-button.js'), 'utf8');
}

/** The development phrases `code` contains. */
function developmentPhrasesIn(code) {
  return DEVELOPMENT_PHRASES.filter((phrase) => code.includes(phrase));
}

const bundles = {};

before(async () => {
  mkdirSync(outputRoot, { recursive: true });
  // One after the other: the machine's few cores are shared.
  bundles['esbuild production'] = await bundleWithEsbuild([]);
  bundles['esbuild development'] = await bundleWithEsbuild(['development']);
  bundles['Vite production'] = await bundleWithVite('production');
  bundles['Vite development'] = await bundleWithVite('development');
  bundles['webpack production'] = await bundleWithWebpack();
});

after(() => rmSync(outputRoot, { recursive: true, force: true }));

for (const bundler of ['esbuild', 'Vite', 'webpack']) {
  test(`${bundler}'s production bundle of the browser entry carries no development code`, (t) => {
    const code = bundles[`${bundler} production`];
    t.diagnostic(`${bundler} production: ${Buffer.byteLength(code)} B minified, ${brotliSize(code)} B brotli (lit external)`);
    assert.ok(code.includes('klarna-checkout-button'), `The ${bundler} bundle does not contain the element.`);
    assert.ok(!/from\s*["']#dev-mode["']/.test(code), `The ${bundler} bundle left #dev-mode unresolved.`);
    assert.deepEqual(developmentPhrasesIn(code), [], `The ${bundler} production bundle carries development messages.`);
  });
}

for (const bundler of ['esbuild', 'Vite']) {
  test(`${bundler}'s development bundle (the development condition) carries the development messages`, (t) => {
    const code = bundles[`${bundler} development`];
    const production = bundles[`${bundler} production`];
    t.diagnostic(`${bundler} development: ${Buffer.byteLength(code)} B minified, ${brotliSize(code)} B brotli (lit external)`);
    assert.deepEqual(developmentPhrasesIn(code), DEVELOPMENT_PHRASES, `The ${bundler} development bundle lacks development messages.`);
    assert.ok(brotliSize(code) > brotliSize(production), 'The development bundle should be bigger than the production one.');
  });
}
