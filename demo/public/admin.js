// The merchant admin: lists the shop's orders and runs Order Management actions on them through the shop
// server's admin API (/api/admin/…), showing the resulting status and amounts, or Klarna's error code and
// message. An action that cannot apply to the order's state is disabled, with the reason and the amounts
// left next to it; cancelling asks for confirmation first.
import { formatMoney, parseMoney } from './money.js';
import { element, requestJson } from './page-kit.js';

const list = document.querySelector('#orders');

const ACTION_LABELS = {
  capture: 'Capture',
  refund: 'Refund',
  cancel: 'Cancel order',
  'extend-authorization': 'Extend authorization',
  'release-remaining-authorization': 'Release remaining authorization',
};

/** Whether Klarna still holds an authorization on the order that captures can draw on. */
const isOpen = (order) => order.status === 'AUTHORIZED' || order.status === 'PART_CAPTURED';

/**
 * What each action may do on `order` now: `{ allowed, hint }`, where `hint` says how much is left, or why
 * the action does not apply. Mirrors Klarna's Order Management rules, so a button is never a dead end.
 */
function actionStates(order, money) {
  const captured = order.captured_amount ?? 0;
  const refunded = order.refunded_amount ?? 0;
  const remaining = order.remaining_authorized_amount ?? 0;
  const refundable = captured - refunded;
  const status = String(order.status ?? '').toLowerCase().replaceAll('_', ' ');
  const capture = isOpen(order) && remaining > 0
    ? { allowed: true, hint: `${money(remaining)} left to capture.` }
    : order.status === 'CAPTURED' || (isOpen(order) && remaining <= 0)
      ? { allowed: false, hint: `Nothing left to capture: ${money(captured)} is captured.` }
      : { allowed: false, hint: `Nothing can be captured: the order is ${status}.` };
  const refund = captured === 0
    ? { allowed: false, hint: 'Nothing to refund: capture first.' }
    : refundable <= 0
      ? { allowed: false, hint: `Nothing left to refund: all ${money(captured)} captured is refunded.` }
      : { allowed: true, hint: `${money(refundable)} of ${money(captured)} captured can be refunded.` };
  const cancel = captured > 0
    ? { allowed: false, hint: 'Cancel: not possible after a capture; refund instead.' }
    : order.status !== 'AUTHORIZED'
      ? { allowed: false, hint: `Cancel: not possible, the order is ${status}.` }
      : { allowed: true, hint: '' };
  const extend = isOpen(order)
    ? { allowed: true, hint: '' }
    : { allowed: false, hint: `Extend authorization: not possible, the order is ${status}.` };
  const release = order.status === 'PART_CAPTURED' && remaining > 0
    ? { allowed: true, hint: '' }
    : { allowed: false, hint: order.status === 'AUTHORIZED' ? 'Release remaining authorization: only after a partial capture.' : 'Release remaining authorization: nothing is left to release.' };
  return { capture, refund, cancel, 'extend-authorization': extend, 'release-remaining-authorization': release };
}

function fact(label, value, key) {
  return element('div', { className: 'fact' }, element('dt', { text: label }), element('dd', { 'data-field': key, text: value }));
}

function formatDate(iso) {
  return iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
}

function renderOrder(order, result) {
  const currency = order.purchase_currency ?? 'EUR';
  const money = (amount) => formatMoney(amount ?? 0, currency, order.display_locale ?? 'en');
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
  const states = actionStates(order, money);
  const resultLine = element('p', { className: 'order-card__result', role: 'status', 'data-field': 'result' });
  if (result) {
    resultLine.textContent = result.text;
    resultLine.classList.add(result.ok ? 'order-card__result--ok' : 'order-card__result--error');
  }
  const showError = (text) => {
    resultLine.textContent = text;
    resultLine.className = 'order-card__result order-card__result--error';
  };

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

  const amountAction = (action, fullLabel, limit) => {
    const state = states[action];
    const inputId = `${action}-${order.order_id}`;
    const hintId = `${action}-hint-${order.order_id}`;
    const label = ACTION_LABELS[action];
    const input = element('input', {
      id: inputId,
      inputmode: 'decimal',
      autocomplete: 'off',
      'data-action-amount': action,
      placeholder: '0.00',
      disabled: !state.allowed,
      'aria-describedby': hintId,
    });
    const partial = element('button', { type: 'button', className: 'button button--primary', text: label, disabled: !state.allowed, 'aria-describedby': hintId });
    const full = element('button', { type: 'button', className: 'button button--secondary', text: fullLabel, disabled: !state.allowed, 'aria-describedby': hintId });
    partial.addEventListener('click', () => {
      const amount = parseMoney(input.value, currency);
      if (amount === undefined || amount <= 0) {
        showError(`Enter the amount to ${action} in ${currency}, e.g. 12.50; received "${input.value}".`);
        input.focus();
        return;
      }
      if (amount > limit) {
        showError(`You can ${action} at most ${money(limit)}; you entered ${money(amount)}.`);
        input.focus();
        return;
      }
      run(action, { amount });
    });
    full.addEventListener('click', () => run(action, {}));
    return element(
      'div',
      { className: 'amount-action', 'data-action': action },
      element('div', { className: 'amount-action__field' }, element('label', { for: inputId, text: `${label} amount (${currency})` }), input),
      element('div', { className: 'amount-action__buttons' }, partial, full),
      element('p', { className: 'action-hint', id: hintId, 'data-hint': action, text: state.hint }),
    );
  };

  const simple = (action, className = 'button button--secondary') => {
    const state = states[action];
    const button = element('button', { type: 'button', className, text: ACTION_LABELS[action], disabled: !state.allowed });
    button.addEventListener('click', () => run(action, {}));
    return button;
  };

  // Cancelling cannot be undone: the button first asks, in place.
  const cancelButton = element('button', { type: 'button', className: 'button button--danger', text: ACTION_LABELS.cancel, disabled: !states.cancel.allowed });
  const otherActions = element(
    'div',
    { className: 'order-actions' },
    simple('extend-authorization'),
    simple('release-remaining-authorization'),
    cancelButton,
  );
  cancelButton.addEventListener('click', () => {
    const keep = element('button', { type: 'button', className: 'button button--secondary', text: 'Keep the order' });
    const confirm = element('button', { type: 'button', className: 'button button--danger', text: 'Yes, cancel the order' });
    const question = element(
      'div',
      { className: 'confirm', role: 'group', 'aria-label': 'Confirm cancellation' },
      element('p', { className: 'confirm__text', text: `Cancel this order? Klarna releases the whole authorization of ${money(order.remaining_authorized_amount)}, and this cannot be undone.` }),
      element('div', { className: 'order-actions' }, confirm, keep),
    );
    keep.addEventListener('click', () => {
      question.replaceWith(otherActions);
      cancelButton.focus();
    });
    confirm.addEventListener('click', () => run('cancel', {}));
    otherActions.replaceWith(question);
    keep.focus();
  });

  const hints = ['extend-authorization', 'release-remaining-authorization', 'cancel']
    .map((action) => states[action].hint)
    .filter((hint) => hint !== '');
  const history = [
    ...(order.captures ?? []).map((capture) => `Captured ${money(capture.captured_amount)} on ${formatDate(capture.captured_at)} (${capture.capture_id})`),
    ...(order.refunds ?? []).map((refund) => `Refunded ${money(refund.refunded_amount)} on ${formatDate(refund.refunded_at)} (${refund.refund_id})`),
  ];
  const parts = [
    element(
      'div',
      { className: 'order-card__head' },
      element('h2', { className: 'order-card__id', id: headingId, text: order.order_id }),
      element('span', { className: 'status-badge', 'data-status': order.status, 'data-field': 'status', text: order.status }),
    ),
    element(
      'dl',
      { className: 'facts' },
      fact('Market', order.market_name ?? order.market ?? '—', 'market'),
      fact('Order amount', money(order.order_amount), 'order_amount'),
      fact('Captured', money(order.captured_amount), 'captured_amount'),
      fact('Refunded', money(order.refunded_amount), 'refunded_amount'),
      fact('Remaining authorized', money(order.remaining_authorized_amount), 'remaining_authorized_amount'),
      fact('Authorization expires', formatDate(order.expires_at), 'expires_at'),
    ),
  ];
  if (history.length > 0) parts.push(element('ul', { className: 'history', 'aria-label': 'History' }, ...history.map((text) => element('li', { text }))));
  parts.push(
    element(
      'div',
      { className: 'order-actions order-actions--amounts' },
      amountAction('capture', 'Capture all', order.remaining_authorized_amount ?? 0),
      amountAction('refund', 'Refund all', (order.captured_amount ?? 0) - (order.refunded_amount ?? 0)),
    ),
    otherActions,
  );
  if (hints.length > 0) parts.push(element('ul', { className: 'action-hints', 'data-hint': 'other' }, ...hints.map((text) => element('li', { text }))));
  parts.push(resultLine);
  card.append(...parts);
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
