// `npm run build`: TypeScript → dist/ (ESM + .d.ts), then rollup's browser bundles (dist/cdn/…), then the
// Custom Elements Manifest (custom-elements.json at the repo root, from src/element's JSDoc, module paths pointing
// into dist/; scripts/custom-elements-manifest.config.mjs; no network needed).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function step(label, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${label} failed (exit code ${result.status}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`build: ${label} done in ${Date.now() - started} ms`);
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
step('tsc', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
step('simulator specs', process.execPath, ['scripts/build-klarna-specs.mjs']);
step('rollup', process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent']);
step('custom elements manifest', process.execPath, [
  'node_modules/@custom-elements-manifest/analyzer/cem.js',
  'analyze',
  '--config',
  'scripts/custom-elements-manifest.config.mjs',
  '--litelement',
  '--quiet',
  '--globs',
  'src/element/**/*.ts',
]);
