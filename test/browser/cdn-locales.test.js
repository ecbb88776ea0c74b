// The CDN builds speak the page's language: each loads exactly one locale file, dist/cdn/locales/<language>.js,
// from next to the bundle (not next to the page), and nothing of the other languages.
import { expect, waitUntil } from '@open-wc/testing';
import { closeOpenedPages, openPage } from '../fixtures/browser-test-helpers.js';

describe('CDN builds: one locale file, next to the bundle', () => {
  afterEach(closeOpenedPages);

  for (const [page, language, label] of [
    ['/test/fixtures/cdn/localized-classic.html', 'de', 'Mit Klarna bezahlen'],
    ['/test/fixtures/cdn/localized-es.html', 'sv', 'Betala med Klarna'],
  ]) {
    it(`${page}: <html lang> ${language} → "${label}", loading only /dist/cdn/locales/${language}.js`, async () => {
      const win = await openPage(page);
      await waitUntil(() => win.document.querySelector('klarna-checkout-button')?.getAttribute('state') === 'ready', 'not ready', { timeout: 20_000 });
      const element = win.document.querySelector('klarna-checkout-button');
      await waitUntil(() => element.shadowRoot.querySelector('button').textContent.trim() === label, `the button never said "${label}"`);
      const localeFiles = win.performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path.includes('/locales/'));
      expect(localeFiles).to.deep.equal([`/dist/cdn/locales/${language}.js`]);
      expect(win.pageProblems).to.deep.equal([]);
    });
  }
});
