// What a merchant installs: `npm pack` the package, install the tarball into a fresh temporary project
// (lit comes from the registry or npm's cache), then, from inside that project only,
//   - import every entry in a child `node` process (a missing file or wrong `exports` path fails), and
//   - type-check a small TS file importing every entry's types with the repo's TypeScript, once with
//     `moduleResolution: NodeNext` and once with `bundler`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** The version of a dev package installed in the repo, so the temp project installs the same (cached) one. */
function installedVersion(name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

const allEntries = Object.keys(packageJson.exports)
  .filter((subpath) => !subpath.endsWith('.json'))
  .map((subpath) => (subpath === '.' ? packageJson.name : `${packageJson.name}/${subpath.slice(2)}`));
const entries = allEntries;

let workDir;
let project;
const typeChecks = {};

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kcb-tarball-'));
  const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  const tarball = join(workDir, JSON.parse(stdout)[0].filename);
  project = join(workDir, 'merchant-app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'merchant-app', private: true, type: 'module' }));
  // The optional peers (React wrapper) and the types a TypeScript merchant has, at the repo's versions.
  const extras = ['react', '@lit/react', '@types/react', '@types/node'].map((name) => `${name}@${installedVersion(name)}`);
  await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball, ...extras], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  });
  // Both type-checks start now and run side by side; their tests await the results.
  typeChecks.NodeNext = typeCheck('NodeNext', { module: 'NodeNext', moduleResolution: 'NodeNext' });
  typeChecks.bundler = typeCheck('bundler', { module: 'ESNext', moduleResolution: 'bundler' });
});

after(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the installed package resolves lit from the merchant project, not from the repo', async () => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', "console.log(import.meta.resolve('lit'))"], {
    cwd: join(project, 'node_modules/klarna-checkout-button'),
  });
  assert.ok(stdout.trim().startsWith(`file://${project}/node_modules/lit/`), `lit resolved to ${stdout.trim()}`);
});

for (const specifier of entries) {
  test(`import('${specifier}') works from the installed tarball`, async () => {
    const script = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], { cwd: project });
    const exportNames = JSON.parse(stdout.trim().split('\n').at(-1));
    assert.ok(exportNames.length > 0, `${specifier} has no runtime exports.`);
  });
}

test('the CDN bundles and the manifest are importable files of the installed package', async () => {
  const script = [
    "const { existsSync } = await import('node:fs');",
    "const { fileURLToPath } = await import('node:url');",
    "const base = fileURLToPath(new URL('node_modules/klarna-checkout-button/', 'file://' + process.cwd() + '/'));",
    "const files = ['dist/cdn/klarna-checkout-button.js', 'dist/cdn/klarna-checkout-button.iife.js', 'custom-elements.json'];",
    'console.log(JSON.stringify(files.filter((file) => !existsSync(base + file))));',
    "const manifest = await import('klarna-checkout-button/custom-elements.json', { with: { type: 'json' } });",
    'console.log(manifest.default.schemaVersion);',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], { cwd: project });
  const [missing, schemaVersion] = stdout.trim().split('\n');
  assert.deepEqual(JSON.parse(missing), []);
  assert.match(schemaVersion, /^\d+\.\d+\.\d+$/);
});

/** One TS file that imports every entry, its types included, so a missing .d.ts or export path fails. */
function consumerSource() {
  const lines = entries.map((specifier, index) => `import * as entry${index} from '${specifier}';`);
  lines.push(
    "import { KlarnaError } from 'klarna-checkout-button';",
    "import type { KlarnaPayments } from 'klarna-checkout-button';",
    `export const entries = [${entries.map((_, index) => `entry${index}`).join(', ')}];`,
    "export const error: KlarnaError = new KlarnaError('A sentence.');",
    'export type Payments = KlarnaPayments;',
    '',
  );
  return lines.join('\n');
}

// A file that must NOT compile (KlarnaError is a class, not a string): its error proves the checker really
// read the package's types instead of falling back to `any`.
const MUST_FAIL_SOURCE = "import { KlarnaError } from 'klarna-checkout-button';\nexport const wrong: string = new KlarnaError('x');\n";

/** Type-checks consumer.ts + must-fail.ts inside the merchant project; resolves with tsc's output. */
function typeCheck(label, compilerOptions) {
  const dir = join(project, `typecheck-${label}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'consumer.ts'), consumerSource());
  writeFileSync(join(dir, 'must-fail.ts'), MUST_FAIL_SOURCE);
  const tsconfig = {
    compilerOptions: {
      ...compilerOptions,
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: ['node'],
      strict: true,
      noEmit: true,
      // The package's .d.ts files are checked too (a broken re-export inside them fails); only TypeScript's
      // own lib files are skipped, to keep the run short.
      skipLibCheck: false,
      skipDefaultLibCheck: true,
      jsx: 'react-jsx',
    },
    files: ['consumer.ts', 'must-fail.ts'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout }) => stdout,
    (error) => String(error.stdout || error.stderr || error.message),
  );
}

for (const [label, compilerOptions] of [
  ['NodeNext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
  ['bundler', { module: 'ESNext', moduleResolution: 'bundler' }],
]) {
  test(`the types of every entry type-check from the installed tarball (moduleResolution ${label})`, async () => {
    const output = await typeChecks[label];
    const diagnostics = output.split('\n').filter((line) => /error TS\d+/.test(line));
    assert.ok(
      diagnostics.some((line) => line.startsWith('must-fail.ts') && line.includes('TS2322')),
      `A wrong type passed: the package's types were not really read. tsc said:\n${output}`,
    );
    assert.deepEqual(
      diagnostics.filter((line) => !line.startsWith('must-fail.ts')),
      [],
      `tsc (${label}) reported errors importing the package.`,
    );
  });
}
