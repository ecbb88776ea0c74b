/**
 * Lets Klarna's widget take the element's width. Klarna's library wraps its iframe in a `div` styled
 * `width:100%; max-width:600px; min-width:280px` (klarna-spec.md, observed), inside the light-DOM container the
 * element owns, where the element's shadow styles cannot reach. One constructed style sheet per document (or shadow
 * root) lifts the 600 px cap for the element's containers only; the 280 px minimum stays. Constructed sheets are
 * allowed under a strict `style-src` Content-Security-Policy, unlike `<style>` tags.
 */

/** The class of the light-DOM container Klarna's widget loads into. */
export const WIDGET_CONTAINER_CLASS = 'klarna-checkout-button-widget';

const widthSheetText = `.${WIDGET_CONTAINER_CLASS}>*{max-width:none!important}`;

/** The roots that already carry the sheet. */
const rootsWithSheet = new WeakSet<Node>();

/**
 * Adopts the width rule into the root `container` lives in (once per root). Only a document or a shadow root can
 * adopt style sheets (a detached container's root is an element), and only in browsers with constructed sheets.
 */
export function adoptWidgetWidthStyles(container: HTMLElement): void {
  const root: Node & Partial<Pick<DocumentOrShadowRoot, 'adoptedStyleSheets'>> = container.getRootNode();
  if (!root.adoptedStyleSheets || rootsWithSheet.has(root)) return;
  rootsWithSheet.add(root);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(widthSheetText);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
