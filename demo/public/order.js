// The order confirmation page: reads the order the shop placed (through the shop server, from Klarna's
// Order Management) and shows its id, amounts and status.
import { formatMoney } from './money.js';
import { element } from './page-kit.js';

const section = document.querySelector('#confirmation');

const fact = (label, value, attributes = {}, className = 'fact') => element('div', { className }, element('dt', { text: label }), element('dd', { text: value, ...attributes }));

async function show() {
  const orderId = new URLSearchParams(location.search).get('order');
  if (!orderId) throw new Error('This page needs an order id (order.html?order=…): open it from the shop after paying.');
  const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}`);
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(payload.error?.message ?? `The shop server answered ${response.status}.`);
  const order = payload.order;
  const money = (amount) => formatMoney(amount ?? 0, order.purchase_currency ?? 'EUR', order.display_locale ?? 'en');
  const icon = element('div');
  icon.innerHTML =
    '<svg class="confirmation__icon" viewBox="0 0 56 56" aria-hidden="true" focusable="false"><circle cx="28" cy="28" r="28" fill="#e4eee9"/><path d="M17 29l7 7 15-16" fill="none" stroke="#2f5d50" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>';
  const rows = order.order_lines.map((line) =>
    element(
      'tr',
      {},
      element('td', { text: line.type === 'physical' ? `${line.name} × ${line.quantity}` : line.name }),
      element('td', { className: 'num', text: money(line.total_amount) }),
    ),
  );
  section.replaceChildren(
    icon,
    element('h1', { text: 'Thank you — your order is confirmed' }),
    element('p', { text: 'Klarna will email you the payment details. You pay nothing until Klarna says so.' }),
    element(
      'dl',
      { className: 'facts' },
      fact('Order id', order.order_id, { id: 'order-id' }, 'fact fact--wide'),
      fact('Status', order.status, { id: 'order-status' }),
      fact('Total', money(order.order_amount), { id: 'order-amount' }),
      fact(order.market === 'US' ? 'Sales tax' : 'Incl. VAT', money(order.order_tax_amount), { id: 'order-tax' }),
      fact('Captured', money(order.captured_amount), { id: 'order-captured' }),
      fact('Refunded', money(order.refunded_amount), { id: 'order-refunded' }),
    ),
    element(
      'table',
      { className: 'lines-table' },
      element('caption', { className: 'visually-hidden', text: 'Order lines' }),
      element('thead', {}, element('tr', {}, element('th', { scope: 'col', text: 'Item' }), element('th', { scope: 'col', className: 'num', text: 'Amount' }))),
      element('tbody', {}, ...rows),
      element('tfoot', {}, element('tr', {}, element('td', { text: 'Total' }), element('td', { className: 'num', text: money(order.order_amount) }))),
    ),
    element('p', {}, element('a', { href: '/', text: 'Continue shopping' }), document.createTextNode(' · '), element('a', { href: '/admin.html', text: 'See it in the merchant admin' })),
  );
  section.setAttribute('aria-busy', 'false');
  document.title = `Order ${order.order_id} confirmed — Lumen & Loom`;
}

show().catch((error) => {
  section.replaceChildren(element('h1', { text: 'We could not show this order' }), element('p', { role: 'alert', text: error.message }), element('p', {}, element('a', { href: '/', text: 'Back to the shop' })));
  section.setAttribute('aria-busy', 'false');
});
