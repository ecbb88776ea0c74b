// Browser bundles, made from tsc's output in dist/ (run `npm run build`, not rollup alone).
// Both CDN files are self-contained (lit included) and define <klarna-checkout-button> when they run:
//   dist/cdn/klarna-checkout-button.js       ES module, for <script type="module" src>
//   dist/cdn/klarna-checkout-button.iife.js  classic script, for <script src>; exposes window.KlarnaCheckoutButton
// scripts/measure-size.mjs builds the same bundles in memory (cdnBundleOptions) to check the size ceilings.
import { readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const { version, license } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** The global name the classic-script (IIFE) build assigns its exports to. */
export const IIFE_GLOBAL_NAME = 'KlarnaCheckoutButton';

/** The shared input options of both CDN bundles (entry dist/index.js, lit resolved in its production build). */
export function cdnBundleOptions() {
  return {
    input: 'dist/index.js',
    // `browser` picks lit's browser builds; the default conditions never pick lit's `development` build.
    plugins: [nodeResolve({ browser: true })],
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
    // The offline simulator's `/kp/lib/v1/api.js`: a classic, self-contained IIFE that installs
    // window.Klarna.Payments (src/simulator/browser/install-simulator-library.ts); it exposes no global of its own.
    input: 'dist/simulator/browser/install-simulator-library.js',
    output: { file: 'dist/simulator/browser/klarna-payments-api.js', format: 'iife', plugins: [minifier({ module: false })] },
  },
];
