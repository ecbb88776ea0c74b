// The React and Vue guides' examples, built from the guides' own Markdown and run in headless Chromium
// against the development server (dist/dev-server) on the offline simulator:
//   docs/react.md  main.tsx + Checkout.tsx: TypeScript strips the types, rollup bundles them with React 19 and
//                  dist/react (for `klarna-checkout-button/react`);
//   docs/vue.md    src/main.js + src/App.vue: Vue's SFC compiler compiles App.vue with the `isCustomElement`
//                  of the guide's vite.config.js, TypeScript strips the types, rollup bundles them with Vue and
//                  dist/index.js (for `klarna-checkout-button`).
// Each app is served as the folder's index.html; the test types the e-mail both examples ask for, presses the
// button, approves in the simulator's Klarna window and expects the guide's /thanks?order=… navigation and
// the order in the simulator.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import alias from '@rollup/plugin-alias';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import ts from 'typescript';
import { compileScript, parse } from 'vue/compiler-sfc';
import { collectPageProblems, startExampleStage, stopExampleStage } from '../helpers/docs-example-stage.js';
import { codeBlocksOf } from '../helpers/markdown-code-blocks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT = { timeout: 120_000 };

let folder;
let server;
let browser;

before(async () => {
  ({ folder, server, browser } = await startExampleStage('kcb-framework-examples-'));
});

after(() => stopExampleStage({ folder, server, browser }));

/** The block of `blocks` whose first line is the comment naming `file` (`// main.tsx`, `<!-- src/App.vue -->`). */
function fileBlock(blocks, file, guide) {
  const block = blocks.find((candidate) => {
    const firstLine = candidate.text.split('\n')[0].trim();
    return firstLine === `// ${file}` || firstLine === `<!-- ${file} -->`;
  });
  if (!block) throw new Error(`${guide} has no code block starting with a comment naming ${file}; the test builds that file.`);
  return block.text;
}

/** TypeScript (and TSX) to plain JavaScript, types removed. */
function stripTypes(source, fileName) {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.ReactJSX, verbatimModuleSyntax: false },
  }).outputText;
}

/** Bundles the virtual `files` (`{ './main.js': code, … }`, entry `entry`) for the browser into the served folder. */
async function bundle(entry, files, { aliases, define }) {
  const virtual = {
    name: 'docs-example-files',
    resolveId(source) {
      const key = Object.keys(files).find((name) => name === source || name.replace(/\.(tsx|ts|js|vue)$/, '') === source);
      return key === undefined ? null : `\0docs:${key}`;
    },
    load(id) {
      return id.startsWith('\0docs:') ? files[id.slice('\0docs:'.length)] : null;
    },
  };
  const build = await rollup({
    input: entry,
    plugins: [
      virtual,
      alias({ entries: aliases }),
      replace({ preventAssignment: true, values: define }),
      nodeResolve({ browser: true }),
      commonjs(),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
      warn(warning);
    },
  });
  try {
    const { output } = await build.generate({ format: 'es' });
    writeFileSync(join(folder, 'app.js'), output[0].code);
  } finally {
    await build.close();
  }
  writeFileSync(
    join(folder, 'index.html'),
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8" /><title>Example</title></head>\n<body><div id="root"></div><div id="app"></div><script type="module" src="/app.js"></script></body></html>\n',
  );
}

/** Opens the app, types an e-mail, buys and approves; resolves the order id of the /thanks?order=… page. */
async function buyWithExample(onlyAfterEmail) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  collectPageProblems(page, problems);
  await page.goto(`${server.url}/`);
  await page.locator('klarna-checkout-button[state="ready"]').waitFor({ timeout: 30_000 });
  const buy = page.locator('klarna-checkout-button').getByRole('button', { name: 'Buy with Klarna' });
  // Both examples stop the purchase until an e-mail is typed, and say so.
  await buy.click();
  await page.getByRole('alert').filter({ hasText: onlyAfterEmail }).waitFor();
  await page.getByLabel('Email').fill('customer@email.de');
  await buy.click();
  await page.frameLocator('[data-klarna-simulator-overlay]').getByRole('button', { name: 'Approve purchase' }).click();
  await page.waitForURL(/\/thanks\?order=/, { timeout: 30_000 });
  const orderId = new URL(page.url()).searchParams.get('order');
  await context.close();
  return { orderId, problems };
}

describe('docs/react.md', () => {
  it('the StrictMode example (main.tsx + Checkout.tsx) places an order as written', TIMEOUT, async () => {
    const blocks = codeBlocksOf(join(root, 'docs/react.md'));
    await bundle(
      './main.tsx',
      {
        './main.tsx': stripTypes(fileBlock(blocks, 'main.tsx', 'docs/react.md'), 'main.tsx'),
        './Checkout.tsx': stripTypes(fileBlock(blocks, 'Checkout.tsx', 'docs/react.md'), 'Checkout.tsx'),
      },
      {
        aliases: [{ find: /^klarna-checkout-button\/react$/, replacement: join(root, 'dist/react/index.js') }],
        define: { 'process.env.NODE_ENV': JSON.stringify('development') },
      },
    );
    const { orderId, problems } = await buyWithExample('Please enter your email first.');
    assert.ok(server.simulator.orders.get(orderId), `The simulator holds no order ${orderId}.`);
    assert.equal(server.simulator.inspect().orders.find((order) => order.order_id === orderId).order_amount, 2500);
    assert.deepEqual(problems, []);
  });
});

describe('docs/vue.md', () => {
  it('the Vite example (src/main.js + src/App.vue, isCustomElement from vite.config.js) places an order as written', TIMEOUT, async () => {
    const blocks = codeBlocksOf(join(root, 'docs/vue.md'));
    const viteConfig = fileBlock(blocks, 'vite.config.js', 'docs/vue.md');
    const rule = /isCustomElement:\s*(\(tag\)\s*=>\s*[^,\n]+),?\n/.exec(viteConfig);
    assert.ok(rule, 'docs/vue.md\'s vite.config.js has no isCustomElement: (tag) => … line.');
    const isCustomElement = new Function(`return ${rule[1]};`)();
    const sfc = parse(fileBlock(blocks, 'src/App.vue', 'docs/vue.md'), { filename: 'App.vue' });
    assert.deepEqual(sfc.errors, []);
    const compiled = compileScript(sfc.descriptor, {
      id: 'docs-app',
      inlineTemplate: true,
      templateOptions: { compilerOptions: { isCustomElement } },
    });
    await bundle(
      './src/main.js',
      {
        './src/main.js': fileBlock(blocks, 'src/main.js', 'docs/vue.md'),
        './App.vue': stripTypes(compiled.content, 'App.ts'),
      },
      {
        aliases: [
          { find: /^klarna-checkout-button$/, replacement: join(root, 'dist/index.js') },
          { find: /^vue$/, replacement: join(root, 'node_modules/vue/dist/vue.runtime.esm-bundler.js') },
        ],
        define: {
          'process.env.NODE_ENV': JSON.stringify('development'),
          __VUE_OPTIONS_API__: 'true',
          __VUE_PROD_DEVTOOLS__: 'false',
          __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
        },
      },
    );
    const { orderId, problems } = await buyWithExample('Please enter your email first.');
    assert.ok(server.simulator.orders.get(orderId), `The simulator holds no order ${orderId}.`);
    assert.equal(server.simulator.inspect().orders.find((order) => order.order_id === orderId).order_amount, 2500);
    assert.deepEqual(problems, []);
  });
});
