// `npm run bench:layout-shift`: the element's layout-shift score (Layout Instability API) in headless Chromium with
// the offline simulator's widget, which sizes itself like Klarna's (mounted at 230 px, then `heightChanged`).
// The page: a heading, <klarna-checkout-button> (the CDN ES module build, three payment categories) and a paragraph
// below it. One run = load until `ready` plus three category changes (each until `ready` and the widget settled).
// The score sums every shift, also those Chromium flags `hadRecentInput` (which CLS would excuse); the CLS-style
// sum without them is printed next to it.
//
// Variants, each in a fresh browser profile:
//   reserved        — the element as built, with the page rule docs/localization-and-looks.md recommends for the
//                     moment before the element's script runs: klarna-checkout-button:not(:defined) { min-height }
//                     with the element's default height (322 px);
//   tuned           — the same, with the page's real heights (measured in the "reserved" run) in
//                     --klarna-checkout-button-reserved-height and the :not(:defined) rule;
//   not reserved    — the same page with the reservation undone by CSS (no :not(:defined) rule, ::part(checkout) and
//                     ::part(widget) reset, the status line free to collapse): the element reserving nothing.
// Usage: node scripts/bench-layout-shift.mjs [--runs N] [--cdn-dir DIR] (DIR: another build's dist/cdn, to compare)
// Needs the build (npm run build).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findOrInstallChrome } from './chrome.mjs';
import { startKlarnaSimulator } from '../dist/simulator/index.js';
import { simulatorCheckoutListener } from '../test/helpers/simulator-checkout.js';

const { values: options } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'cdn-dir': { type: 'string' } },
});
const RUNS = Math.max(1, Number(options.runs) || 3);
const CDN_DIR = options['cdn-dir'] ?? fileURLToPath(new URL('../dist/cdn/', import.meta.url));
const CATEGORIES = ['pay_now', 'pay_later', 'pay_over_time'];

/**
 * The page rule for the element before its script has run: its height with Klarna's initial 230 px widget
 * (230 + gap 12 + button 48 + gap 12 + status line 20).
 */
const DEFAULT_ELEMENT_HEIGHT = 322;

/** CSS that undoes the element's height reservation, for the "not reserved" variant. */
const UNRESERVED_CSS = `klarna-checkout-button::part(checkout){min-height:0!important}
klarna-checkout-button::part(widget){flex:none!important;overflow:visible!important}
klarna-checkout-button::part(status){min-height:0!important}`;

/** The page CSS of a variant: reservation undone, or the :not(:defined) rule (and the tuned box height). */
function variantCss({ reserved, boxHeight, elementHeight }) {
  if (!reserved) return UNRESERVED_CSS;
  const box = boxHeight ? `klarna-checkout-button{--klarna-checkout-button-reserved-height:${boxHeight}px}` : '';
  return `${box}klarna-checkout-button:not(:defined){display:block;min-height:${elementHeight ?? DEFAULT_ELEMENT_HEIGHT}px}`;
}

function page({ librarySrc, css }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Layout shift bench</title>
<script type="module" src="/cdn/klarna-checkout-button.js"></script>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif}main{width:640px;margin:24px auto}${css}</style>
</head><body><main><h1>Checkout</h1>
<klarna-checkout-button session-url="/api/klarna/session" library-src="${librarySrc}" locale="en"></klarna-checkout-button>
<script type="module">document.querySelector('klarna-checkout-button').cart = { items: [{ sku: 'MUG', quantity: 1 }] };</script>
<p id="below">${'Free delivery in 2–4 working days. Returns are free within 30 days; keep the receipt. '.repeat(5)}</p>
</main></body></html>`;
}

async function startShop(simulator) {
  const checkout = simulatorCheckoutListener(simulator, { locale: 'en-DE', quantity: 1 });
  const librarySrc = `${simulator.url}/kp/lib/v1/api.js`;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname.startsWith('/api/klarna/')) return checkout(request, response);
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const css = variantCss({
        reserved: url.searchParams.get('reserved') !== '0',
        boxHeight: Number(url.searchParams.get('box')) || undefined,
        elementHeight: Number(url.searchParams.get('element')) || undefined,
      });
      return response.end(page({ librarySrc, css }));
    }
    if (url.pathname.startsWith('/cdn/')) {
      const file = normalize(join(CDN_DIR, url.pathname.slice('/cdn/'.length)));
      if (file.startsWith(normalize(CDN_DIR))) {
        try {
          const body = await readFile(file);
          response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
          return response.end(body);
        } catch {
          // not found: below
        }
      }
    }
    response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** Records every layout shift of the page from its start. */
const RECORD_SHIFTS = () => {
  window.layoutShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.layoutShifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput });
  }).observe({ type: 'layout-shift', buffered: true });
};

/** Waits until the element is ready and its widget has had time to settle. */
async function settled(browserPage) {
  await browserPage.locator('klarna-checkout-button[state="ready"]').waitFor({ timeout: 30_000 });
  await browserPage.waitForTimeout(600);
}

/** Loads the page and makes three category changes; resolves { all, cls }: the summed shift scores, with and without recent-input shifts. */
async function measure(browserPage, url) {
  await browserPage.goto(url);
  await settled(browserPage);
  const available = await browserPage.evaluate(() =>
    [...document.querySelector('klarna-checkout-button').shadowRoot.querySelectorAll('input[type=radio]')].map((input) => input.value),
  );
  if (available.length < 2) throw new Error(`The session offers ${available.length} category; the bench needs several.`);
  for (const category of [available[1], available[2] ?? available[0], available[0]]) {
    await browserPage.evaluate((value) => {
      const element = document.querySelector('klarna-checkout-button');
      element.setAttribute('state', 'changing'); // cleared by the element's next update
      [...element.shadowRoot.querySelectorAll('input[type=radio]')].find((input) => input.value === value).click();
    }, category);
    await settled(browserPage);
  }
  return browserPage.evaluate(() => {
    const element = document.querySelector('klarna-checkout-button');
    return {
      all: window.layoutShifts.reduce((sum, shift) => sum + shift.value, 0),
      cls: window.layoutShifts.filter((shift) => !shift.hadRecentInput).reduce((sum, shift) => sum + shift.value, 0),
      boxHeight: Math.ceil(element.shadowRoot.querySelector('[part=checkout]')?.getBoundingClientRect().height ?? 0),
      elementHeight: Math.ceil(element.getBoundingClientRect().height),
    };
  });
}

function summary(scores) {
  const sorted = [...scores].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${median.toFixed(4)} (min ${sorted[0].toFixed(4)}, max ${sorted.at(-1).toFixed(4)})`;
}

const simulator = await startKlarnaSimulator({ paymentMethodCategories: CATEGORIES });
const shop = await startShop(simulator);
const browser = await chromium.launch({ executablePath: findOrInstallChrome({ log: () => {} }), args: CHROME_ARGS });
try {
  const results = { reserved: [], tuned: [], 'not reserved': [] };
  /** Runs one variant in a fresh browser profile. */
  const run = async (variant, query) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(RECORD_SHIFTS);
    const result = await measure(await context.newPage(), `${shop.url}/${query}`);
    await context.close();
    results[variant].push(result);
    return result;
  };
  for (let round = 0; round < RUNS; round += 1) {
    const { boxHeight, elementHeight } = await run('reserved', '?reserved=1');
    await run('tuned', `?reserved=1&box=${boxHeight}&element=${elementHeight}`);
    await run('not reserved', '?reserved=0');
  }
  const { boxHeight, elementHeight } = results.reserved[0];
  console.log(`Page heights measured in the first run: checkout box ${boxHeight} px, element ${elementHeight} px.`);
  console.log(`Layout-shift score over load + 3 category changes (simulator widget, Chromium, ${RUNS} runs, median):`);
  console.log('| variant | every shift | without recent-input shifts (CLS) |');
  console.log('| --- | ---: | ---: |');
  for (const [variant, scores] of Object.entries(results)) {
    console.log(`| ${variant} | ${summary(scores.map((score) => score.all))} | ${summary(scores.map((score) => score.cls))} |`);
  }
} finally {
  await browser.close();
  shop.server.close();
  await simulator.stop();
}
