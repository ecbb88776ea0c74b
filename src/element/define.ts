/**
 * Safe registration of `<klarna-checkout-button>` (shoelace's `shoelace-element.ts` guard): the npm build and
 * the CDN bundle may meet on one page, so a second definition is skipped, never thrown.
 */
import { KlarnaCheckoutButton } from './klarna-checkout-button.js';
import { VERSION } from './version.js';

export { VERSION };

const warnedTags = new Set<string>();

/**
 * Defines the element under `tagName` unless that name is taken. Same class or same version: skipped
 * silently. Another version: skipped with one console warning naming both versions. Never throws.
 */
export function defineKlarnaCheckoutButton(tagName = 'klarna-checkout-button'): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tagName);
  if (!existing) {
    try {
      // A class can back one tag name only: the first tag gets the class itself, further names a subclass.
      const inUse = customElements.getName?.(KlarnaCheckoutButton) != null;
      customElements.define(tagName, inUse ? class extends KlarnaCheckoutButton {} : KlarnaCheckoutButton);
    } catch (error) {
      if (!warnedTags.has(tagName)) {
        warnedTags.add(tagName);
        console.warn(`<${tagName}> could not be defined (${error instanceof Error ? error.message : String(error)}); pick another tag name.`);
      }
    }
    return;
  }
  if (existing === KlarnaCheckoutButton || existing.prototype instanceof KlarnaCheckoutButton) return;
  const existingVersion = (existing as { version?: unknown }).version;
  if (existingVersion === VERSION) return;
  if (warnedTags.has(tagName)) return;
  warnedTags.add(tagName);
  const described = typeof existingVersion === 'string' ? `version ${existingVersion}` : 'an unknown version';
  console.warn(
    `<${tagName}> is already defined by ${described}, so klarna-checkout-button ${VERSION} kept that definition; load only one copy of the package (npm or CDN) on the page.`,
  );
}
