// Bundles the React test app (test/fixtures/react/checkout-app.js) for the browser tests, once per React major:
//   .test-build/react19-app.js  with `react` / `react-dom` (19)
//   .test-build/react18-app.js  with `react18` / `react-dom18` (18) standing in for `react` / `react-dom`
// React is CommonJS, so rollup bundles it (commonjs plugin) in its development build: StrictMode's double
// mounting only happens there. The aliases also catch react-dom 18's own `require('react')` and subpaths such as
// `react-dom/client` and `react/jsx-runtime`, so exactly one React (the intended one) ends up in each bundle.
// Runs after the build (it bundles dist/react/index.js), with the repo root as cwd. A bundle is rebuilt only when
// one of the files it was made from (recorded in .test-build/react-apps-inputs.json) changed since, or is gone.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import alias from '@rollup/plugin-alias';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';

const INPUT = 'test/fixtures/react/checkout-app.js';
const OUT_DIR = '.test-build';
const INPUTS_FILE = `${OUT_DIR}/react-apps-inputs.json`;
const THIS_SCRIPT = fileURLToPath(import.meta.url);

/** `react` → `react18` and `react-dom` → `react-dom18`, bare and with a subpath. */
const REACT_18_ALIASES = [
  { find: /^react$/, replacement: 'react18' },
  { find: /^react\/(.*)$/, replacement: 'react18/$1' },
  { find: /^react-dom$/, replacement: 'react-dom18' },
  { find: /^react-dom\/(.*)$/, replacement: 'react-dom18/$1' },
];

/** The modification time of `file` in ms, or `undefined` when it does not exist. */
function modifiedAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The recorded inputs of each bundle: `{ [outputFile]: { [inputFile]: mtimeMs } }`. */
function readRecordedInputs() {
  try {
    return JSON.parse(readFileSync(INPUTS_FILE, 'utf8'));
  } catch {
    return {};
  }
}

/** Whether `file` exists and none of the inputs recorded for it changed. */
function isUpToDate(file, recorded) {
  const inputs = recorded[file];
  if (!existsSync(file) || !inputs || Object.keys(inputs).length === 0) return false;
  return Object.entries(inputs).every(([input, mtime]) => modifiedAt(input) === mtime);
}

/** Bundles the test app into `file`, with `aliases` applied before resolution; returns its inputs' mtimes. */
async function bundleApp(file, aliases) {
  const bundle = await rollup({
    input: INPUT,
    plugins: [
      alias({ entries: aliases }),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('development') } }),
      nodeResolve({ browser: true }),
      commonjs(),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'THIS_IS_UNDEFINED') return; // lit's builds; harmless
      if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return; // the wrapper's 'use client', meaningless in a bundle
      warn(warning);
    },
  });
  try {
    // One file: the element's locale chunks (dynamic imports) are inlined.
    await bundle.write({ file, format: 'es', sourcemap: false, inlineDynamicImports: true });
    const inputs = {};
    for (const input of [...bundle.watchFiles, THIS_SCRIPT]) {
      if (input.startsWith('\0')) continue; // rollup's virtual modules
      const absolute = resolve(input.split('?')[0]);
      const mtime = modifiedAt(absolute);
      if (mtime !== undefined) inputs[absolute] = mtime;
    }
    return inputs;
  } finally {
    await bundle.close();
  }
}

const apps = [
  { file: `${OUT_DIR}/react19-app.js`, aliases: [] },
  { file: `${OUT_DIR}/react18-app.js`, aliases: REACT_18_ALIASES },
];

try {
  mkdirSync(OUT_DIR, { recursive: true });
  const recorded = readRecordedInputs();
  await Promise.all(
    apps.map(async (app) => {
      if (isUpToDate(app.file, recorded)) {
        console.log(`${app.file} is up to date.`);
        return;
      }
      delete recorded[app.file];
      recorded[app.file] = await bundleApp(app.file, app.aliases);
      console.log(`Bundled ${INPUT} → ${app.file}`);
    }),
  );
  writeFileSync(INPUTS_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
} catch (error) {
  console.error(`Bundling the React test apps failed (did the build write dist/react/index.js?): ${error.message}`);
  process.exit(1);
}
