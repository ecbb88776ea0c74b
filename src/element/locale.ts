/**
 * Which language `<klarna-checkout-button>` speaks, and its texts. The language is the first of these that names a
 * language the element has texts for: the `locale` attribute, the session's locale (the session answer's `locale`,
 * else the client token's `locale` or `language` claim), the page's `<html lang>`; English otherwise. Tags are
 * matched BCP 47 style on their language subtag (`de-AT` → `de`, `nb-NO` / `no` / `nn` → `nb`).
 *
 * English is built in (it is the reference and the fallback); every other language is its own module, loaded
 * with `import()` only when a page needs it, so a page downloads one language's texts at most.
 */
import { englishMessages, type MessageKey, type Messages } from './messages.js';

/**
 * One `import()` per language other than English, each written out so that bundlers (and the CDN build) split
 * every language into its own chunk. Its keys, with English first, are the supported languages.
 */
const catalogueImports = {
  de: () => import('./locales/de.js'),
  sv: () => import('./locales/sv.js'),
  nb: () => import('./locales/nb.js'),
  da: () => import('./locales/da.js'),
  fi: () => import('./locales/fi.js'),
  nl: () => import('./locales/nl.js'),
  fr: () => import('./locales/fr.js'),
  it: () => import('./locales/it.js'),
  es: () => import('./locales/es.js'),
  pl: () => import('./locales/pl.js'),
  pt: () => import('./locales/pt.js'),
  cs: () => import('./locales/cs.js'),
  el: () => import('./locales/el.js'),
  hu: () => import('./locales/hu.js'),
  ro: () => import('./locales/ro.js'),
  sk: () => import('./locales/sk.js'),
} satisfies Record<string, () => Promise<{ default: Messages }>>;

/** A language the element has texts for (ISO 639-1 codes, Norwegian as Bokmål). */
export type SupportedLanguage = 'en' | keyof typeof catalogueImports;

/** The languages the element has texts for: English, then those of `catalogueImports`. */
export const SUPPORTED_LANGUAGES: readonly SupportedLanguage[] = ['en', ...(Object.keys(catalogueImports) as Array<keyof typeof catalogueImports>)];

/** A partial set of shopper texts: the `messages` property, whose keys replace the built-in texts. */
export type MessageOverrides = Partial<Messages>;

/** Language subtags that Klarna's markets write differently from our file names. */
const LANGUAGE_ALIASES: Record<string, SupportedLanguage> = {
  // Norway: `no` (macrolanguage) and Nynorsk readers get Bokmål, the language Klarna uses for the NO market.
  no: 'nb',
  nn: 'nb',
};

/** The catalogues loaded so far (English from the start). */
const loadedCatalogues = new Map<SupportedLanguage, Messages>([['en', englishMessages]]);
/** Catalogues being loaded, so that many elements on one page share one request per language. */
const pendingCatalogues = new Map<SupportedLanguage, Promise<Messages>>();

/** The supported language a BCP 47 tag names (`de-AT` → `de`, `NO` → `nb`), or `undefined`. */
export function matchLanguage(tag: string | null | undefined): SupportedLanguage | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const language = LANGUAGE_ALIASES[primary] ?? primary;
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(language) ? (language as SupportedLanguage) : undefined;
}

/** The first candidate tag that names a supported language, else English. */
export function resolveLanguage(candidates: ReadonlyArray<string | null | undefined>): SupportedLanguage {
  for (const candidate of candidates) {
    const language = matchLanguage(candidate);
    if (language) return language;
  }
  return 'en';
}

/** The catalogue of `language` if it is already loaded (English always is), else `undefined`. */
export function loadedMessages(language: SupportedLanguage): Messages | undefined {
  return loadedCatalogues.get(language);
}

/**
 * Loads the catalogue of `language` (once per page). A catalogue that cannot be loaded (say, an offline CDN)
 * resolves to English, so the shopper always reads something; the next call tries again.
 */
export function loadMessages(language: SupportedLanguage): Promise<Messages> {
  const loaded = loadedCatalogues.get(language);
  if (loaded) return Promise.resolve(loaded);
  let pending = pendingCatalogues.get(language);
  if (!pending) {
    pending = catalogueImports[language as keyof typeof catalogueImports]()
      .then((module) => {
        loadedCatalogues.set(language, module.default);
        return module.default;
      })
      .catch(() => englishMessages)
      .finally(() => pendingCatalogues.delete(language));
    pendingCatalogues.set(language, pending);
  }
  return pending;
}

/** The text of `key`: the merchant's override (checked to be a string by `checkMessageOverrides`), else the catalogue's. */
export function messageText(key: MessageKey, catalogue: Messages, overrides: MessageOverrides | undefined): string {
  return overrides?.[key] ?? catalogue[key];
}
