/**
 * The script of the simulator's widget page (`/kp/widget/{region}/payments`, inside the iframe that
 * `load()` mounts): shows the payment category and the session's amount like a Klarna widget, reports its
 * content height, and tells the library whether the form can be shown. Runs only on a page whose
 * `<html>` carries `data-klarna-simulator-page="widget"`.
 */
import { fetchSessionInfo, formatAmount, readPageQuery, type PublicSessionInfo } from './page-formatting.js';
import { SIMULATOR_MESSAGE_TAG, targetOriginFor, type WidgetHeightMessage, type WidgetLoadedMessage } from './simulator-messages.js';

/** Which categories the widget offers, or undefined when the session cannot offer the requested one. */
export function offeredCategories(session: PublicSessionInfo | undefined, requested: string): Array<{ identifier: string; name: string }> | undefined {
  if (!session || session.status !== 'incomplete') return undefined;
  const all = session.payment_method_categories.map((category) => ({ identifier: category.identifier, name: category.name ?? category.identifier }));
  if (requested === '') return all.length > 0 ? all : undefined;
  const wanted = requested.split(',').filter(Boolean);
  const offered = all.filter((category) => wanted.includes(category.identifier));
  return offered.length === wanted.length ? offered : undefined;
}

/** Renders the widget into `main` and reports to the parent window. */
export async function startWidgetPage(win: Window): Promise<void> {
  const doc = win.document;
  const query = readPageQuery(win.location.search);
  const parent = win.parent;
  const targetOrigin = targetOriginFor(query.parent_origin || 'null');
  const main = doc.getElementById('widget');
  if (!main) return;

  let lastHeight = 0;
  const reportHeight = (): void => {
    const height = Math.ceil(main.getBoundingClientRect().height);
    if (height <= 0 || height === lastHeight) return;
    lastHeight = height;
    parent.postMessage({ tag: SIMULATOR_MESSAGE_TAG, type: 'height', height } satisfies WidgetHeightMessage, targetOrigin);
  };

  const session = await fetchSessionInfo(query.session_id);
  const offered = offeredCategories(session, query.category);
  main.replaceChildren();
  const brand = doc.createElement('p');
  brand.className = 'brand';
  brand.textContent = 'Klarna.';
  const badge = doc.createElement('span');
  badge.className = 'badge';
  badge.textContent = 'Simulator';
  brand.append(' ', badge);
  main.append(brand);

  if (!session || !offered) {
    const unavailable = doc.createElement('p');
    unavailable.className = 'unavailable';
    unavailable.textContent = session
      ? `This payment method is not available for this purchase${query.category ? ` (${query.category})` : ''}.`
      : 'This Klarna session was not found or has expired.';
    main.append(unavailable);
  } else {
    const list = doc.createElement('ul');
    list.className = 'categories';
    for (const category of offered) {
      const item = doc.createElement('li');
      const name = doc.createElement('h1');
      name.className = 'category';
      name.textContent = category.name;
      name.dataset.category = category.identifier;
      item.append(name);
      list.append(item);
    }
    const amount = doc.createElement('p');
    amount.className = 'amount';
    const label = doc.createElement('span');
    label.textContent = 'Total ';
    const value = doc.createElement('strong');
    value.className = 'amount-value';
    value.textContent = formatAmount(session.order_amount, session.purchase_currency, session.locale);
    amount.append(label, value);
    const note = doc.createElement('p');
    note.className = 'note';
    note.textContent = 'Simulated Klarna widget: no real payment is made.';
    main.append(list, amount, note);
  }
  main.setAttribute('aria-busy', 'false');

  reportHeight();
  if (typeof ResizeObserver === 'function') new ResizeObserver(reportHeight).observe(main);
  parent.postMessage({ tag: SIMULATOR_MESSAGE_TAG, type: 'loaded', show_form: offered !== undefined } satisfies WidgetLoadedMessage, targetOrigin);
}

if (typeof document !== 'undefined' && document.documentElement?.dataset.klarnaSimulatorPage === 'widget') {
  void startWidgetPage(window);
}
