// The shopper's language, in real Chromium: every catalogue covers englishMessages key for key, the element picks
// its language (locale attribute → session → <html lang> → English), never shows English first, and the `messages`
// property overrides any text. The fake Klarna library stands in for api.js; sessions come from a `fetch` property.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../dist/element/index.js';
import { englishMessages } from '../../dist/element/messages.js';
import { loadMessages, matchLanguage, resolveLanguage, SUPPORTED_LANGUAGES } from '../../dist/element/locale.js';
import { fakeClientToken, installFakeKlarna } from '../../dist/testing/index.js';

const ENGLISH_KEYS = Object.keys(englishMessages).sort();

/** A `fetch` answering the session endpoint with one session (with `locale` when given), after `delayMs`. */
function sessionFetch({ locale, categories = ['klarna'], delayMs = 0, tokenClaims = {} } = {}) {
  return async () => {
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const body = {
      session_id: `s-${Math.random().toString(36).slice(2)}`,
      client_token: fakeClientToken(tokenClaims),
      payment_method_categories: categories.map((identifier) => ({ identifier, name: identifier })),
      order_amount: 1000,
      purchase_currency: 'EUR',
      ...(locale === undefined ? {} : { locale }),
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** Creates the element with `attributes` and `properties`, connects it and resolves once it is ready. */
async function mountReady(attributes = {}, properties = {}) {
  const el = document.createElement('klarna-checkout-button');
  for (const [name, value] of Object.entries({ 'session-url': '/session', ...attributes })) el.setAttribute(name, value);
  Object.assign(el, { fetch: sessionFetch(), ...properties });
  const ready = oneEvent(el, 'klarna-ready');
  document.body.append(el);
  await ready;
  await el.updateComplete;
  return el;
}

const buttonText = (el) => el.shadowRoot.querySelector('button').textContent.trim();
const statusText = (el) => el.shadowRoot.querySelector('[part=status]').textContent.trim();
const legendText = (el) => el.shadowRoot.querySelector('legend')?.textContent.trim();

describe('shopper texts: the catalogues', () => {
  it('lists the seventeen languages of Klarna markets the issue names', () => {
    expect([...SUPPORTED_LANGUAGES].sort()).to.deep.equal(
      ['en', 'de', 'sv', 'nb', 'da', 'fi', 'nl', 'fr', 'it', 'es', 'pl', 'pt', 'cs', 'el', 'hu', 'ro', 'sk'].sort(),
    );
  });

  for (const language of ['de', 'sv', 'nb', 'da', 'fi', 'nl', 'fr', 'it', 'es', 'pl', 'pt', 'cs', 'el', 'hu', 'ro', 'sk']) {
    it(`${language}: exactly the keys of englishMessages, each a translated, non-empty text`, async () => {
      const { default: catalogue } = await import(`../../dist/element/locales/${language}.js`);
      expect(Object.keys(catalogue).sort(), `missing or extra keys in ${language}`).to.deep.equal(ENGLISH_KEYS);
      for (const key of ENGLISH_KEYS) {
        expect(catalogue[key], `${language}.${key}`).to.be.a('string').and.not.equal('');
        expect(catalogue[key], `${language}.${key} is still English`).to.not.equal(englishMessages[key]);
      }
      // No machine-translation tells: no stray ASCII "..." for an ellipsis, no doubled spaces, no leftover English.
      for (const text of Object.values(catalogue)) {
        expect(text).to.not.match(/\.\.\.| {2}|\bplease\b|\bpayment\b/i);
      }
    });
  }

  it('loadMessages() resolves each language to its catalogue, English without a request', async () => {
    expect(await loadMessages('en')).to.equal(englishMessages);
    expect((await loadMessages('fi')).buyButton).to.equal('Maksa Klarnalla');
  });
});

describe('shopper texts: BCP 47 matching and the fallback order', () => {
  const cases = [
    ['de-AT', 'de'],
    ['de-CH', 'de'],
    ['DE', 'de'],
    ['sv_SE', 'sv'],
    ['nb-NO', 'nb'],
    ['no', 'nb'],
    ['nn-NO', 'nb'],
    ['pt-BR', 'pt'],
    ['el-GR', 'el'],
    ['en-GB', 'en'],
    ['ja-JP', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [tag, language] of cases) {
    it(`matchLanguage(${JSON.stringify(tag)}) is ${language}`, () => {
      expect(matchLanguage(tag)).to.equal(language);
    });
  }

  it('resolveLanguage() takes the first candidate it has texts for, else English', () => {
    expect(resolveLanguage(['fr-BE', 'de-DE', 'sv'])).to.equal('fr');
    expect(resolveLanguage(['ja', undefined, 'da-DK'])).to.equal('da');
    expect(resolveLanguage(['ja', '', undefined])).to.equal('en');
  });
});

describe('<klarna-checkout-button> speaks the shopper\'s language', () => {
  let fake;
  let pageLang;

  beforeEach(() => {
    fake = installFakeKlarna();
    pageLang = document.documentElement.lang;
  });

  afterEach(() => {
    fake.uninstall();
    document.documentElement.lang = pageLang;
    for (const el of document.querySelectorAll('klarna-checkout-button')) el.remove();
  });

  it('the locale attribute wins over the session locale and the page language', async () => {
    document.documentElement.lang = 'fr';
    const el = await mountReady({ locale: 'de-AT' }, { fetch: sessionFetch({ locale: 'sv-SE' }) });
    expect(el.language).to.equal('de');
    expect(buttonText(el)).to.equal('Mit Klarna bezahlen');
    expect(el.shadowRoot.querySelector('[part=base]').getAttribute('lang')).to.equal('de');
  });

  it('without locale, the session answer\'s locale wins over the page language', async () => {
    document.documentElement.lang = 'fr';
    const el = await mountReady({}, { fetch: sessionFetch({ locale: 'sv-SE' }) });
    expect(el.language).to.equal('sv');
    await waitUntil(() => buttonText(el) === 'Betala med Klarna', 'the button did not speak Swedish');
  });

  it('without a session locale, the client token\'s locale (or language) claim counts as the session\'s', async () => {
    document.documentElement.lang = 'fr';
    const el = await mountReady({}, { fetch: sessionFetch({ tokenClaims: { language: 'nb' } }) });
    expect(el.language).to.equal('nb');
    await waitUntil(() => buttonText(el) === 'Betal med Klarna', 'the button did not speak Norwegian');
  });

  it('a page-rendered client token with a locale claim speaks it', async () => {
    document.documentElement.lang = 'fr';
    const el = await mountReady({ 'client-token': fakeClientToken({ locale: 'pl-PL' }) });
    expect(el.language).to.equal('pl');
    expect(buttonText(el)).to.equal('Zapłać z Klarna');
  });

  it('without a locale anywhere else, the page\'s <html lang> decides', async () => {
    document.documentElement.lang = 'nl-NL';
    const el = await mountReady();
    expect(el.language).to.equal('nl');
    expect(buttonText(el)).to.equal('Betalen met Klarna');
  });

  it('a language without texts (ja) falls through to the next candidate, and English is last', async () => {
    document.documentElement.lang = 'ja';
    const el = await mountReady({ locale: 'ja-JP' });
    expect(el.language).to.equal('en');
    expect(buttonText(el)).to.equal('Buy with Klarna');
  });

  it('changing the locale attribute re-renders every text in the new language', async () => {
    const el = await mountReady({ locale: 'de' }, { fetch: sessionFetch({ categories: ['pay_now', 'pay_later'] }) });
    expect(legendText(el)).to.equal('Zahlungsart');
    el.locale = 'it-IT';
    await waitUntil(() => buttonText(el) === 'Paga con Klarna', 'the button did not switch to Italian');
    expect(legendText(el)).to.equal('Metodo di pagamento');
  });

  it('statuses follow the language (the loading status in German)', async () => {
    const el = await mountReady({ locale: 'de-DE' });
    // A reload shows the loading status, in German.
    const held = fake.holdNext('load');
    const loading = el.reload();
    await held.called;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Klarna wird geladen …');
    held.release();
    await loading;
  });

  for (const [attributes, properties, description] of [
    [{ locale: 'de' }, {}, 'the locale attribute'],
    [{}, { fetch: sessionFetch({ locale: 'sv-SE', delayMs: 150 }) }, 'a slow session answer naming the locale'],
  ]) {
    it(`English never shows before the shopper's language (${description})`, async () => {
      document.documentElement.lang = 'en';
      const english = new Set([...Object.values(englishMessages)]);
      const seen = [];
      const el = document.createElement('klarna-checkout-button');
      el.setAttribute('session-url', '/session');
      for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
      Object.assign(el, { fetch: sessionFetch({ categories: ['pay_now', 'pay_later'] }), ...properties });
      const ready = oneEvent(el, 'klarna-ready');
      document.body.append(el);
      // Every text the shadow root ever holds, from the first render on.
      const record = () => {
        for (const node of el.shadowRoot.querySelectorAll('button, legend, [part=status]')) seen.push(node.textContent.trim());
      };
      const observer = new MutationObserver(record);
      observer.observe(el.shadowRoot, { subtree: true, childList: true, characterData: true });
      await ready;
      await el.updateComplete;
      record();
      observer.disconnect();
      expect(seen.filter((text) => english.has(text))).to.deep.equal([]);
      expect(seen).to.include(description.includes('session') ? 'Betala med Klarna' : 'Mit Klarna bezahlen');
    });
  }

  it('the messages property overrides single texts; the label attribute still wins for the button', async () => {
    const el = await mountReady({ locale: 'de' }, { fetch: sessionFetch({ categories: ['pay_now', 'pay_later'] }) });
    el.messages = { buyButton: 'Jetzt kaufen', categoryLegend: 'Wie möchten Sie zahlen?' };
    await el.updateComplete;
    expect(buttonText(el)).to.equal('Jetzt kaufen');
    expect(legendText(el)).to.equal('Wie möchten Sie zahlen?');
    el.label = 'Kostenpflichtig bestellen';
    await el.updateComplete;
    expect(buttonText(el)).to.equal('Kostenpflichtig bestellen');
    el.messages = undefined;
    el.label = undefined;
    await el.updateComplete;
    expect(buttonText(el)).to.equal('Mit Klarna bezahlen');
  });

  it('bad messages throw a TypeError naming the problem, and the previous overrides stay', async () => {
    const el = await mountReady({ locale: 'de' });
    el.messages = { buyButton: 'Jetzt kaufen' };
    expect(() => (el.messages = { buyButon: 'typo' })).to.throw(TypeError, /unknown key "buyButon"/);
    expect(() => (el.messages = { buyButton: 42 })).to.throw(TypeError, /messages\.buyButton must be a string/);
    expect(() => (el.messages = 'Jetzt kaufen')).to.throw(TypeError, /must be an object/);
    await el.updateComplete;
    expect(el.messages).to.deep.equal({ buyButton: 'Jetzt kaufen' });
    expect(buttonText(el)).to.equal('Jetzt kaufen');
  });

  it('the button\'s accessible name follows the locale and the label', async () => {
    const el = await mountReady({ locale: 'sv-SE' });
    const button = el.shadowRoot.querySelector('button');
    // A native button without aria-label/-labelledby is named by its content: the slot's assigned nodes, else its fallback.
    const accessibleName = () => {
      const slot = button.querySelector('slot');
      const assigned = slot.assignedNodes({ flatten: true });
      return (assigned.length ? assigned.map((node) => node.textContent).join('') : slot.textContent).trim();
    };
    expect(button.hasAttribute('aria-label') || button.hasAttribute('aria-labelledby')).to.equal(false);
    expect(accessibleName()).to.equal('Betala med Klarna');
    el.label = 'Slutför köpet';
    await el.updateComplete;
    expect(accessibleName()).to.equal('Slutför köpet');
    el.label = undefined;
    el.locale = 'fi';
    await waitUntil(() => accessibleName() === 'Maksa Klarnalla', 'the name did not follow the locale');
  });
});
