/**
 * Safe registration of `<klarna-checkout-button>` (shoelace's `shoelace-element.ts` guard): the npm build and
 * the CDN bundle may meet on one page, so a second definition is skipped, never thrown.
 */
import { KlarnaCheckoutButton } from './klarna-checkout-button.js';
import { VERSION } from './version.js';

export { VERSION };

const warnedTags = new Set<string>();

/** Warns once per tag name, so a page that defines repeatedly is told only once. */
function warnOnce(tagName: string, problem: string): void {
  if (warnedTags.has(tagName)) return;
  warnedTags.add(tagName);
  console.warn(`<${tagName}> ${problem}`);
}

/**
 * Defines the element under `tagName` unless that name is taken. Same class or same version: skipped
 * silently. Another version: skipped with one console warning naming both versions. Never throws.
 */
export function defineKlarnaCheckoutButton(tagName = 'klarna-checkout-button'): void {
  if (typeof customElements === 'undefined') return;
  // Our class and its subclasses carry VERSION too, so one comparison covers "same class" and "same version".
  const existing = customElements.get(tagName) as { version?: unknown } | undefined;
  if (existing) {
    if (existing.version !== VERSION) {
      warnOnce(tagName, `is already defined by version ${existing.version ?? 'unknown'}, so ${VERSION} was skipped; load one copy of klarna-checkout-button.`);
    }
    return;
  }
  try {
    // A class can back one tag name only: the first tag gets the class itself, further names a subclass.
    customElements.define(tagName, customElements.getName?.(KlarnaCheckoutButton) ? class extends KlarnaCheckoutButton {} : KlarnaCheckoutButton);
  } catch (error) {
    warnOnce(tagName, `could not be defined (${(error as Error).message}); pick another name.`);
  }
}
