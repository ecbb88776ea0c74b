// `npm run docs` (TypeDoc over the server, simulator and testing entries, typedoc.json) builds without a single
// warning: a TSDoc link to nothing, an unknown tag or an exported API that refers to an unexported type fails here.
// Validation only (`--emit none`), so the test writes nothing and stays a few seconds long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const typedoc = fileURLToPath(new URL('../../node_modules/typedoc/bin/typedoc', import.meta.url));

test('TypeDoc builds the API reference of the server, simulator and testing entries without warnings', { timeout: 120_000 }, async () => {
  const result = await run(process.execPath, [typedoc, '--treatWarningsAsErrors', '--emit', 'none', '--logLevel', 'Warn'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error) => error);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  assert.equal(result.code ?? 0, 0, `TypeDoc failed:\n${output}`);
  assert.doesNotMatch(output, /\[warning\]|\[error\]/, output);
});
