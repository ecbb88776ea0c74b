// A page that uses one language downloads only that language's texts: the package (as a merchant's bundler sees
// it, lit external) and both CDN bundles carry English only; every other language is its own chunk or file, loaded
// with import() when a page needs it. Prints each language's size (brotli, after terser).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { brotliSize } from '../../scripts/measure-size.mjs';
import { minifier } from '../../rollup.config.mjs';

const root = new URL('../../', import.meta.url);
const LANGUAGES = ['de', 'sv', 'nb', 'da', 'fi', 'nl', 'fr', 'it', 'es', 'pl', 'pt', 'cs', 'el', 'hu', 'ro', 'sk'];
/** The most one language's texts may cost a page (brotli). */
const LANGUAGE_BUDGET_BYTES = 1024;

/** Every language's loading status, the marker that its catalogue is in a piece of code (unique per language). */
let labels;
let chunks;

before(async () => {
  labels = {};
  for (const language of LANGUAGES) {
    labels[language] = (await import(new URL(`dist/element/locales/${language}.js`, root))).default.loading;
  }
  assert.equal(new Set(Object.values(labels)).size, LANGUAGES.length, 'two languages share their loading text: pick another marker.');
  // The package as a merchant's bundler splits it: lit external, the dynamic imports as chunks.
  const bundle = await rollup({
    input: new URL('dist/index.js', root).pathname,
    external: (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/'),
    plugins: [nodeResolve({ browser: true })],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es', plugins: [minifier({ module: true })] });
    chunks = output.filter((item) => item.type === 'chunk');
  } finally {
    await bundle.close();
  }
});

/** The languages whose label appears in `code`. */
function languagesIn(code) {
  return LANGUAGES.filter((language) => code.includes(labels[language]));
}

test('the package entry chunk holds no language but English', () => {
  const entry = chunks.find((chunk) => chunk.isEntry);
  assert.deepEqual(languagesIn(entry.code), []);
  assert.ok(entry.code.includes('Loading Klarna'), 'English, the fallback, is built in.');
});

test(`the package splits every other language into its own chunk of at most ${LANGUAGE_BUDGET_BYTES} B brotli`, () => {
  const sizes = [];
  for (const language of LANGUAGES) {
    const own = chunks.filter((chunk) => !chunk.isEntry && languagesIn(chunk.code).includes(language));
    assert.equal(own.length, 1, `${language}: expected one chunk with its texts, found ${own.length}.`);
    assert.deepEqual(languagesIn(own[0].code), [language], `${own[0].fileName} holds other languages too.`);
    assert.ok(own[0].isDynamicEntry, `${own[0].fileName} is not loaded with import().`);
    const size = brotliSize(own[0].code);
    sizes.push(`${language} ${size} B`);
    assert.ok(size <= LANGUAGE_BUDGET_BYTES, `${language}'s texts are ${size} B brotli.`);
  }
  console.log(`Locale chunks (brotli): ${sizes.join(', ')}`);
});

for (const file of ['dist/cdn/klarna-checkout-button.js', 'dist/cdn/klarna-checkout-button.iife.js']) {
  test(`${file} holds no language but English, and imports the others from dist/cdn/locales/`, () => {
    const code = readFileSync(new URL(file, root), 'utf8');
    assert.deepEqual(languagesIn(code), []);
    for (const language of LANGUAGES) assert.ok(code.includes(`./locales/${language}.js`), `no import of ${language}`);
    if (file.endsWith('.iife.js')) {
      // A classic script resolves import() against the page: the bundle resolves it against its own URL instead.
      assert.match(code, /document\.currentScript/);
    }
  });
}

test('dist/cdn/locales/ has one self-contained file per language', () => {
  for (const language of LANGUAGES) {
    const url = new URL(`dist/cdn/locales/${language}.js`, root);
    assert.ok(existsSync(url), `dist/cdn/locales/${language}.js is missing: run the build.`);
    const code = readFileSync(url, 'utf8');
    assert.deepEqual(languagesIn(code), [language]);
    assert.doesNotMatch(code, /\bimport\b/, `${language}.js imports something: it must stand alone next to the bundle.`);
    assert.ok(brotliSize(code) <= LANGUAGE_BUDGET_BYTES);
  }
});
