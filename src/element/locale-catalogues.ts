/**
 * Where each language's texts live: one `import()` per language other than English, each written out so that
 * bundlers (and the CDN build) split every language into its own chunk. Loaded by `locale.ts` with `import()` only
 * when a page needs a language other than English, so English pages never download this table.
 */
import type { Messages } from './messages.js';
import type { SupportedLanguage } from './locale.js';

/** A language whose texts are a module of their own. */
type LoadedLanguage = Exclude<SupportedLanguage, 'en'>;

const catalogueImports: Record<LoadedLanguage, () => Promise<{ default: Messages }>> = {
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
};

/** Imports the texts of `language` (one request for its own module). */
export async function importCatalogue(language: LoadedLanguage): Promise<Messages> {
  return (await catalogueImports[language]()).default;
}
