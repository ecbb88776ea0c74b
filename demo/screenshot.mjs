// Takes the README screenshot of the demo shop: the storefront with its sample cart and Klarna's widget
// loaded (offline simulator), in headless Chromium.
//   node demo/screenshot.mjs [output.png]     (default docs/screenshot.png; run `npm run build` first)
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../scripts/chrome.mjs';
import { startDemoShop } from './shop-server.mjs';

const output = process.argv[2] ?? fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));
const executablePath = findChrome();
if (!executablePath) {
  console.error('No Chrome or Chromium found: install one or set CHROME_PATH.');
  process.exit(1);
}

const quiet = { info() {}, warn: console.warn, error: console.error };
const shop = await startDemoShop({ logger: quiet });
const browser = await chromium.launch({ executablePath, args: CHROME_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1560 }, deviceScaleFactor: 1 });
  await page.goto(`${shop.url}/`);
  await page.locator('klarna-checkout-button[state="ready"]').waitFor({ timeout: 15_000 });
  // Wait until the widget iframe has rendered its content, then let its height settle.
  await page.frameLocator('klarna-checkout-button iframe').getByRole('heading').first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(1000);
  // A viewport as tall as the page (not fullPage): Chromium paints the cross-origin widget iframe only inside the viewport.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height });
  await page.waitForTimeout(300);
  await page.screenshot({ path: output });
  console.log(`Wrote ${output}`);
} finally {
  await browser.close();
  await shop.stop();
}
