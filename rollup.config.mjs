// Browser bundles, made from tsc's output in dist/ (run `npm run build`, not rollup alone).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const minify = terser({ ecma: 2021, module: true, format: { comments: false } });

export default [
  {
    // The CDN build: one self-contained ES module, lit included, that defines <klarna-checkout-button>.
    input: 'dist/index.js',
    output: { file: 'dist/cdn/klarna-checkout-button.js', format: 'es' },
    plugins: [nodeResolve({ browser: true }), minify],
  },
];
