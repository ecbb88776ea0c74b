/**
 * Safe registration of `<klarna-checkout-button>` (shoelace's `shoelace-element.ts` guard): the npm build and
 * the CDN bundle may meet on one page, so a second definition is skipped, never thrown.
 */
import { describeDefinedElsewhere, describeDefineFailure } from '#dev-mode';
import { KlarnaCheckoutButton } from './klarna-checkout-button.js';

import { VERSION } from './version.js';

export { VERSION };

/** Tag names already warned about, so a page that defines repeatedly is told only once per name. */
const warnedTags = new Set<string>();

/** Defines the element under `tagName`, or says why not (`undefined`: defined now, or the same version already is). */
function define(registry: CustomElementRegistry, tagName: string): string | undefined {
  // Our class and its subclasses carry VERSION too, so one comparison covers "same class" and "same version".
  const ours = KlarnaCheckoutButton.version;
  const existing = registry.get(tagName) as { version?: unknown } | undefined;
  if (existing) {
    const theirs = existing.version ?? 'unknown';
    if (theirs === ours) return undefined;
    return describeDefinedElsewhere?.(theirs, ours) ?? `${String(theirs)} defined, ${ours} skipped`;
  }
  try {
    // A class can back one tag name only: the first tag gets the class itself, further names a subclass.
    registry.define(tagName, registry.getName?.(KlarnaCheckoutButton) ? class extends KlarnaCheckoutButton {} : KlarnaCheckoutButton);
    return undefined;
  } catch (error) {
    return describeDefineFailure?.(error) ?? String(error);
  }
}

/**
 * Defines the element under `tagName` unless that name is taken. Same class or same version: skipped
 * silently. Another version: skipped with one console warning naming both versions. Never throws.
 */
export function defineKlarnaCheckoutButton(tagName = 'klarna-checkout-button'): void {
  const registry = globalThis.customElements;
  const problem = registry && define(registry, tagName);
  if (problem && !warnedTags.has(tagName)) {
    warnedTags.add(tagName);
    console.warn(`<${tagName}> ${problem}`);
  }
}
