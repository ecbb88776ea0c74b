/**
 * Which language `<klarna-checkout-button>` speaks, and its texts. The language is the first of these that names a
 * language the element has texts for: the `locale` attribute, the session's locale (the session answer's `locale`,
 * else the client token's `locale` or `language` claim), the page's `<html lang>`; English otherwise. Tags are
 * matched BCP 47 style on their language subtag (`de-AT` → `de`, `nb-NO` / `no` / `nn` → `nb`).
 *
 * English is built in (it is the reference and the fallback); every other language is its own module, loaded
 * with `import()` only when a page needs it, so a page downloads one language's texts at most. The table of those
 * modules (`locale-catalogues.ts`) is loaded on demand too, so a page in English carries none of it.
 */
import { englishMessages, type MessageKey, type Messages } from './messages.js';

/** The languages the element has texts for (ISO 639-1 codes, Norwegian as Bokmål). */
export const SUPPORTED_LANGUAGES = [
  'en',
  'de',
  'sv',
  'nb',
  'da',
  'fi',
  'nl',
  'fr',
  'it',
  'es',
  'pl',
  'pt',
  'cs',
  'el',
  'hu',
  'ro',
  'sk',
] as const;

/** A language the element has texts for. */
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

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
    // The table of language files is itself loaded on demand: a page in English never downloads it.
    pending = import('./locale-catalogues.js')
      .then(({ importCatalogue }) => importCatalogue(language as Exclude<SupportedLanguage, 'en'>))
      .then((catalogue) => {
        loadedCatalogues.set(language, catalogue);
        return catalogue;
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
