/**
 * Node side of the simulator's browser library: answers `GET /kp/lib/v1/api.js` (the rollup bundle
 * `klarna-payments-api.js` next to this file in dist/), the widget and overlay pages
 * (`/kp/widget/{region}/payments`, `/kp/widget/{region}/authorize`) and their scripts and stylesheet
 * (`/kp/widget/assets/…`). Pages carry a strict Content-Security-Policy: no inline script or style.
 */
import { readFileSync } from 'node:fs';
import type { SimulatorResponse } from '../simulator-response.js';
import { ASSETS_PATH, LIBRARY_PATH, REGION_SEGMENT } from './simulator-paths.js';

/** The file rollup writes the library bundle to, beside this module in dist/. */
export const LIBRARY_BUNDLE_FILE = 'klarna-payments-api.js';

/** The page scripts served under `/kp/widget/assets/` (tsc's ES modules beside this file). */
const PAGE_SCRIPTS: readonly string[] = ['widget-page.js', 'overlay-page.js', 'page-formatting.js', 'simulator-messages.js', 'simulator-paths.js'];

const JAVASCRIPT = 'application/javascript; charset=utf-8';

/** The CSP of the widget and overlay pages: their own scripts, styles and API only; any page may frame them. */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

const PAGE_CSS = `
:root { color-scheme: light; --klarna-pink: #ffb3c7; --ink: #17120f; --muted: #5c5c5c; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: transparent; }
.widget-body main { padding: 16px; border: 1px solid #e5e5e5; border-radius: 8px; background: #fff; }
.brand { margin: 0 0 8px; font-weight: 800; font-size: 18px; letter-spacing: -0.02em; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; background: var(--klarna-pink); font-size: 11px; font-weight: 600; letter-spacing: 0; vertical-align: middle; }
.categories { list-style: none; margin: 0; padding: 0; }
.category { margin: 4px 0; font-size: 16px; font-weight: 600; }
.amount { margin: 8px 0 4px; }
.note, .hint { margin: 4px 0 0; color: var(--muted); font-size: 12px; }
.unavailable { margin: 8px 0 0; }
.overlay-body .backdrop { position: fixed; inset: 0; display: flex; align-items: center; justify-content: center; padding: 16px; background: rgba(23, 18, 15, 0.55); }
.dialog { width: 100%; max-width: 440px; padding: 24px; border-radius: 12px; background: #fff; box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3); }
.dialog h1 { margin: 0 0 12px; font-size: 22px; }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
.summary dt { color: var(--muted); }
.summary dd { margin: 0; font-weight: 600; }
label { display: block; margin: 0 0 4px; font-weight: 600; }
input { width: 100%; padding: 10px 12px; border: 1px solid #8c8c8c; border-radius: 6px; font: inherit; }
.status { min-height: 1.45em; margin: 12px 0 0; }
.actions { display: flex; gap: 12px; margin-top: 16px; }
button { flex: 1; padding: 12px 16px; border: 1px solid var(--ink); border-radius: 6px; background: #fff; color: var(--ink); font: inherit; font-weight: 600; cursor: pointer; }
button.primary { background: var(--ink); color: #fff; }
button:disabled { opacity: 0.5; cursor: default; }
button:focus-visible, input:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;

function page(kind: 'widget' | 'overlay', title: string, body: string): string {
  return `<!doctype html>
<html lang="en" data-klarna-simulator-page="${kind}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="../assets/simulator-pages.css">
<script type="module" src="../assets/${kind}-page.js"></script>
</head>
<body class="${kind}-body">
${body}
</body>
</html>
`;
}

const WIDGET_HTML = page(
  'widget',
  'Klarna payment options (simulator)',
  '<main id="widget" aria-label="Klarna" aria-busy="true"><p class="brand">Klarna.</p><p>Loading…</p></main>',
);

const OVERLAY_HTML = page(
  'overlay',
  'Klarna (simulator)',
  `<div class="backdrop">
<section class="dialog" role="dialog" aria-modal="true" aria-labelledby="title">
<p class="brand">Klarna. <span class="badge">Simulator</span></p>
<h1 id="title">Approve your purchase</h1>
<dl class="summary">
<dt>Merchant</dt><dd id="merchant">…</dd>
<dt>Amount</dt><dd id="amount">…</dd>
<dt>Payment method</dt><dd id="category">…</dd>
</dl>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" spellcheck="false" aria-describedby="email-hint">
<p id="email-hint" class="hint">Test data: customer@email.de is approved; customer+denied@email.de is declined.</p>
<p id="status" class="status" role="status" aria-live="polite"></p>
<div class="actions">
<button id="approve" class="primary" type="button" disabled>Approve purchase</button>
<button id="decline" type="button" disabled>Decline</button>
</div>
</section>
</div>`,
);

function html(text: string): SimulatorResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' },
    text,
  };
}

function notBuilt(file: string): SimulatorResponse {
  return {
    status: 503,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    text: `The simulator's browser file ${file} is missing from ${new URL('.', import.meta.url).pathname}: build the package (npm run build) before starting the simulator.\n`,
  };
}

function javascriptFile(file: string): SimulatorResponse {
  let text: string;
  try {
    text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
  } catch {
    return notBuilt(file);
  }
  return { status: 200, headers: { 'Content-Type': JAVASCRIPT, 'Cache-Control': 'no-store', 'Cross-Origin-Resource-Policy': 'cross-origin' }, text };
}

/** Answers a `/kp/…` request of the browser library, or undefined for "not one of ours" (the server then sends 404). */
export function serveSimulatorBrowserFile(method: string, path: string): SimulatorResponse | undefined {
  if (method !== 'GET') return undefined;
  if (path === LIBRARY_PATH) return javascriptFile(LIBRARY_BUNDLE_FILE);
  if (path.startsWith(ASSETS_PATH)) {
    const name = path.slice(ASSETS_PATH.length);
    if (name === 'simulator-pages.css') {
      return { status: 200, headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store' }, text: PAGE_CSS };
    }
    return PAGE_SCRIPTS.includes(name) ? javascriptFile(name) : undefined;
  }
  const page = /^\/kp\/widget\/([^/]+)\/(payments|authorize)$/.exec(path);
  if (page && REGION_SEGMENT.test(page[1]!)) return html(page[2] === 'payments' ? WIDGET_HTML : OVERLAY_HTML);
  return undefined;
}
