// `npm run build`: TypeScript → dist/ (ESM + .d.ts), then rollup's browser bundles (dist/cdn/…).
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
step('rollup', process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent']);
