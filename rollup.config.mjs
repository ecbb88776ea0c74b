// Browser bundles, made from tsc's output in dist/ (run `npm run build`, not rollup alone).
// Both CDN files are self-contained (lit included) and define <klarna-checkout-button> when they run:
//   dist/cdn/klarna-checkout-button.js       ES module, for <script type="module" src>
//   dist/cdn/klarna-checkout-button.iife.js  classic script, for <script src>; exposes window.KlarnaCheckoutButton
// Shopper texts: each language other than English is its own file, dist/cdn/locales/<language>.js, next to the
// bundles; both bundles import() only the page's language from there (the IIFE resolves it against its own URL).
// scripts/measure-size.mjs builds the same bundles in memory (cdnBundleOptions) to check the size budget.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const { version, license } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** The global name the classic-script (IIFE) build assigns its exports to. */
export const IIFE_GLOBAL_NAME = 'KlarnaCheckoutButton';

/** A locale module's `import()` specifier in dist/element/locale.js (`./locales/de.js`), with its language. */
const LOCALE_IMPORT = /^\.\/locales\/([a-z]{2})\.js$/;

/**
 * The variable holding the classic script's own URL, against which it resolves the locale files. Declared inside
 * the IIFE's wrapper (rollup's `intro`), so it is no global and the minifier shortens it.
 */
const SCRIPT_URL_VARIABLE = 'klarnaCheckoutButtonScriptUrl';

/**
 * Keeps every locale out of the CDN bundles: `import('./locales/de.js')` stays a dynamic import of the file next to
 * the bundle (built by the `locales` entry below). ES module: relative to the module's URL, as browsers resolve it.
 * IIFE: a classic script's `import()` resolves against the page, so it is resolved against the script's own URL,
 * read from `document.currentScript` while the script runs.
 */
function cdnLocaleFiles() {
  /** The format of the output being rendered (rollup calls `renderStart` before `intro`, which is not told it). */
  let format;
  return {
    name: 'cdn-locale-files',
    resolveDynamicImport(specifier, importer) {
      if (typeof specifier === 'string' && LOCALE_IMPORT.test(specifier) && importer?.endsWith('/element/locale.js')) {
        return { id: specifier, external: 'absolute' };
      }
      return null;
    },
    renderDynamicImport({ format, targetModuleId }) {
      if (format !== 'iife' || !LOCALE_IMPORT.test(targetModuleId ?? '')) return null;
      return { left: 'import(new URL(', right: `,${SCRIPT_URL_VARIABLE}||location.href).href)` };
    },
    renderStart(outputOptions) {
      format = outputOptions.format;
    },
    intro() {
      if (format !== 'iife') return '';
      return `const ${SCRIPT_URL_VARIABLE}=typeof document=="object"&&document.currentScript?document.currentScript.src:"";`;
    },
  };
}

/** The shared input options of both CDN bundles (entry dist/index.js, lit resolved in its production build). */
export function cdnBundleOptions() {
  return {
    input: 'dist/index.js',
    // `browser` picks lit's browser builds; the default conditions never pick lit's `development` build.
    plugins: [nodeResolve({ browser: true }), cdnLocaleFiles()],
    onwarn(warning, warn) {
      // lit's production build uses `this` at the top level of no module we include; anything else is real.
      if (warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
  };
}

/**
 * The one comment the CDN bundles keep: our version and licence, and lit's copyright notice (its BSD-3-Clause
 * licence asks redistributions to carry it; terser drops lit's own `@license` comments).
 */
export const CDN_BANNER = `/*! klarna-checkout-button ${version} | ${license} | bundles lit (https://lit.dev): Copyright Google LLC, BSD-3-Clause */`;

/** Terser with the settings every shipped bundle uses (keeps only `/*!` comments, i.e. the banner). */
export function minifier({ module }) {
  return terser({ ecma: 2021, module, compress: { passes: 2 }, format: { comments: /^!/ } });
}

/** The locale modules tsc emitted (dist/element/locales/<language>.js), by language. */
function localeInputs() {
  const folder = new URL('./dist/element/locales/', import.meta.url);
  if (!existsSync(folder)) return {};
  const files = readdirSync(folder).filter((name) => /^[a-z]{2}\.js$/.test(name));
  return Object.fromEntries(files.map((name) => [name.slice(0, 2), `dist/element/locales/${name}`]));
}

export default [
  {
    // The CDN build: one self-contained ES module, lit included, that defines <klarna-checkout-button>.
    ...cdnBundleOptions(),
    output: { file: 'dist/cdn/klarna-checkout-button.js', format: 'es', banner: CDN_BANNER, plugins: [minifier({ module: true })] },
  },
  {
    // The classic-script build: the same code as an IIFE exposing the exports as window.KlarnaCheckoutButton.
    ...cdnBundleOptions(),
    output: {
      file: 'dist/cdn/klarna-checkout-button.iife.js',
      format: 'iife',
      name: IIFE_GLOBAL_NAME,
      banner: CDN_BANNER,
      plugins: [minifier({ module: false })],
    },
  },
  {
    // The CDN locale files: one minified ES module per language (its texts as the default export), next to the bundles.
    input: localeInputs(),
    output: { dir: 'dist/cdn/locales', format: 'es', entryFileNames: '[name].js', plugins: [minifier({ module: true })] },
  },
  {
    // The offline simulator's `/kp/lib/v1/api.js`: a classic, self-contained IIFE that installs
    // window.Klarna.Payments (src/simulator/browser/install-simulator-library.ts); it exposes no global of its own.
    input: 'dist/simulator/browser/install-simulator-library.js',
    output: { file: 'dist/simulator/browser/klarna-payments-api.js', format: 'iife', plugins: [minifier({ module: false })] },
  },
];
