// The merchant admin: lists the shop's orders and runs Order Management actions on them through the shop
// server's admin API (/api/admin/…), showing the resulting status and amounts, or Klarna's error code and message.
import { formatMoney, parseMoney } from './money.js';
import { element, requestJson } from './page-kit.js';

const list = document.querySelector('#orders');

const ACTION_LABELS = {
  capture: 'Capture',
  refund: 'Refund',
  cancel: 'Cancel',
  'extend-authorization': 'Extend authorization',
  'release-remaining-authorization': 'Release remaining authorization',
};

function fact(label, value, key) {
  return element('div', { className: 'fact' }, element('dt', { text: label }), element('dd', { 'data-field': key, text: value }));
}

function renderOrder(order, result) {
  const money = (amount) => formatMoney(amount ?? 0, order.purchase_currency ?? 'EUR', order.display_locale ?? 'en');
  const card = element('li', { className: 'order-card', 'data-order-id': order.order_id });
  const headingId = `order-${order.order_id}`;
  card.setAttribute('aria-labelledby', headingId);
  if (order.error && !order.status) {
    card.append(
      element('h2', { className: 'order-card__id', id: headingId, text: order.order_id }),
      element('p', { className: 'order-card__result order-card__result--error', text: `${order.error.code}: ${order.error.message}` }),
    );
    return card;
  }
  const resultLine = element('p', { className: 'order-card__result', role: 'status', 'data-field': 'result' });
  if (result) {
    resultLine.textContent = result.text;
    resultLine.classList.add(result.ok ? 'order-card__result--ok' : 'order-card__result--error');
  }

  const run = async (action, body) => {
    for (const button of card.querySelectorAll('button')) button.disabled = true;
    try {
      const { order: updated } = await requestJson(`/api/admin/orders/${encodeURIComponent(order.order_id)}/${action}`, body);
      const amount = body?.amount === undefined ? '' : ` ${money(body.amount)}`;
      card.replaceWith(renderOrder(updated, { ok: true, text: `${ACTION_LABELS[action]}${amount} done. Status: ${updated.status}.` }));
    } catch (error) {
      card.replaceWith(renderOrder(order, { ok: false, text: `${error.code}: ${error.message}` }));
    }
  };

  const amountAction = (action, label, fullLabel) => {
    const inputId = `${action}-${order.order_id}`;
    const input = element('input', { id: inputId, inputmode: 'decimal', autocomplete: 'off', 'data-action-amount': action, placeholder: '0.00' });
    const partial = element('button', { type: 'button', className: 'button button--primary', text: label });
    const full = element('button', { type: 'button', className: 'button button--secondary', text: fullLabel });
    partial.addEventListener('click', () => {
      const amount = parseMoney(input.value, order.purchase_currency);
      if (amount === undefined || amount <= 0) {
        resultLine.textContent = `Enter the amount to ${action} in ${order.purchase_currency}, e.g. 12.50; received "${input.value}".`;
        resultLine.className = 'order-card__result order-card__result--error';
        input.focus();
        return;
      }
      run(action, { amount });
    });
    full.addEventListener('click', () => run(action, {}));
    return element(
      'div',
      { className: 'amount-action' },
      element('div', {}, element('label', { for: inputId, text: `${label} amount (${order.purchase_currency})` }), input),
      partial,
      full,
    );
  };
  const simple = (action, className = 'button button--secondary') => {
    const button = element('button', { type: 'button', className, text: ACTION_LABELS[action] });
    button.addEventListener('click', () => run(action, {}));
    return button;
  };

  const history = [
    ...order.captures.map((capture) => `Captured ${money(capture.captured_amount)} (${capture.capture_id})`),
    ...order.refunds.map((refund) => `Refunded ${money(refund.refunded_amount)} (${refund.refund_id})`),
  ];
  card.append(
    element(
      'div',
      { className: 'order-card__head' },
      element('h2', { className: 'order-card__id', id: headingId, text: order.order_id }),
      element('span', { className: 'status-badge', 'data-status': order.status, 'data-field': 'status', text: order.status }),
    ),
    element(
      'dl',
      { className: 'facts' },
      fact('Market', `${order.market_name ?? order.market}`, 'market'),
      fact('Order amount', money(order.order_amount), 'order_amount'),
      fact('Captured', money(order.captured_amount), 'captured_amount'),
      fact('Refunded', money(order.refunded_amount), 'refunded_amount'),
      fact('Remaining authorized', money(order.remaining_authorized_amount), 'remaining_authorized_amount'),
      fact('Authorization expires', order.expires_at ? new Date(order.expires_at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—', 'expires_at'),
    ),
    history.length > 0 ? element('ul', { className: 'history' }, ...history.map((text) => element('li', { text }))) : undefined,
    element(
      'div',
      { className: 'order-actions' },
      amountAction('capture', 'Capture', 'Capture all'),
      amountAction('refund', 'Refund', 'Refund all'),
    ),
    element(
      'div',
      { className: 'order-actions' },
      simple('extend-authorization'),
      simple('release-remaining-authorization'),
      simple('cancel', 'button button--danger'),
    ),
    resultLine,
  );
  return card;
}

async function load() {
  const errorBox = document.querySelector('#admin-error');
  list.setAttribute('aria-busy', 'true');
  try {
    const { orders, klarna } = await requestJson('/api/admin/orders');
    document.querySelector('#admin-klarna').textContent = `Klarna Order Management via ${klarna}.`;
    list.replaceChildren(...(orders.length > 0 ? orders.map((order) => renderOrder(order)) : [element('li', { className: 'empty-state', text: 'No orders yet. Buy something in the storefront, then come back.' })]));
    errorBox.hidden = true;
  } catch (error) {
    errorBox.textContent = `${error.code}: ${error.message}`;
    errorBox.hidden = false;
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

document.querySelector('#refresh').addEventListener('click', load);
load();
