/**
 * The script of the simulator's consent overlay (`/kp/widget/{region}/authorize`, the full-screen iframe
 * that `authorize()`, `reauthorize()` and `finalize()` open): shows merchant, amount and e-mail, and lets
 * the simulated shopper press "Approve purchase" (which asks the simulator's `/simulator/v1` hook, so the
 * authorization really exists there) or "Decline". Runs only on a page whose `<html>` carries
 * `data-klarna-simulator-page="overlay"`.
 */
import type { KlarnaAuthorizeResult } from '../../loader/klarna-types.js';
import { fetchSessionInfo, formatAmount, readPageQuery, readTokenClaims, simulatorUrl } from './page-formatting.js';
import {
  isSimulatorMessage,
  SIMULATOR_MESSAGE_TAG,
  targetOriginFor,
  type OverlayReadyMessage,
  type OverlayRequestMessage,
  type OverlayResultMessage,
} from './simulator-messages.js';

/** The result of "Decline": the shopper cancelled, the form stays usable. */
export const DECLINED_BY_SHOPPER: KlarnaAuthorizeResult = { approved: false, show_form: true };

/** The request's data with the e-mail the shopper typed put into `billing_address.email` (removed when blank). */
export function withEmail(data: Record<string, unknown>, email: string): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(data ?? {})) as Record<string, unknown>;
  const billing = typeof copy['billing_address'] === 'object' && copy['billing_address'] !== null ? (copy['billing_address'] as Record<string, unknown>) : {};
  const trimmed = email.trim();
  if (trimmed !== '') billing['email'] = trimmed;
  else delete billing['email'];
  if (trimmed !== '' || copy['billing_address'] !== undefined) copy['billing_address'] = billing;
  return copy;
}

function element<T extends HTMLElement>(doc: Document, id: string): T {
  const found = doc.getElementById(id);
  if (!found) throw new Error(`The simulator's overlay page lacks the element #${id}; it is served by the simulator and should not be edited.`);
  return found as T;
}

/** Wires the overlay page: waits for the library's request, renders it, and answers with the shopper's decision. */
export function startOverlayPage(win: Window): void {
  const doc = win.document;
  const query = readPageQuery(win.location.search);
  const parentOrigin = query.parent_origin || 'null';
  const title = element<HTMLHeadingElement>(doc, 'title');
  const merchant = element<HTMLElement>(doc, 'merchant');
  const amount = element<HTMLElement>(doc, 'amount');
  const category = element<HTMLElement>(doc, 'category');
  const email = element<HTMLInputElement>(doc, 'email');
  const status = element<HTMLElement>(doc, 'status');
  const approve = element<HTMLButtonElement>(doc, 'approve');
  const decline = element<HTMLButtonElement>(doc, 'decline');
  let request: OverlayRequestMessage | undefined;
  let answered = false;

  const answer = (result: KlarnaAuthorizeResult): void => {
    if (answered) return;
    answered = true;
    approve.disabled = true;
    decline.disabled = true;
    win.parent.postMessage({ tag: SIMULATOR_MESSAGE_TAG, type: 'result', result } satisfies OverlayResultMessage, targetOriginFor(parentOrigin));
  };

  const render = async (current: OverlayRequestMessage): Promise<void> => {
    const claims = readTokenClaims(current.client_token);
    const session = await fetchSessionInfo(query.session_id);
    const data = current.data;
    const billing = typeof data['billing_address'] === 'object' && data['billing_address'] !== null ? (data['billing_address'] as Record<string, unknown>) : {};
    if (current.mode === 'finalize') title.textContent = 'Confirm your order';
    merchant.textContent = typeof claims['merchant_name'] === 'string' ? claims['merchant_name'] : 'Merchant';
    amount.textContent = formatAmount(
      data['order_amount'] ?? session?.order_amount,
      data['purchase_currency'] ?? session?.purchase_currency,
      data['locale'] ?? session?.locale,
    );
    const identifier = current.payment_method_category ?? session?.payment_method_categories[0]?.identifier ?? 'klarna';
    category.textContent = session?.payment_method_categories.find((entry) => entry.identifier === identifier)?.name ?? identifier;
    email.value = typeof billing['email'] === 'string' ? billing['email'] : '';
    approve.disabled = false;
    approve.focus();
  };

  const submit = async (): Promise<void> => {
    if (!request || answered) return;
    approve.disabled = true;
    status.textContent = 'Checking with Klarna…';
    const path = request.mode === 'finalize' ? '/simulator/v1/finalizations' : '/simulator/v1/authorizations';
    const body = {
      client_token: request.client_token,
      data: withEmail(request.data, email.value),
      auto_finalize: request.auto_finalize,
      ...(request.payment_method_category === undefined ? {} : { payment_method_category: request.payment_method_category }),
    };
    let response: Response;
    try {
      response = await fetch(simulatorUrl(path), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    } catch {
      status.textContent = 'The simulator could not be reached. Try again, or decline.';
      approve.disabled = false;
      return;
    }
    const payload = (await response.json().catch(() => undefined)) as (KlarnaAuthorizeResult & { error_messages?: string[] }) | undefined;
    if (response.ok && payload && typeof payload.approved === 'boolean') {
      status.textContent = payload.approved ? 'Approved.' : 'Klarna declined this purchase.';
      answer(payload);
      return;
    }
    if (response.status >= 500) {
      status.textContent = `The simulator failed (HTTP ${response.status}). Try again, or decline.`;
      approve.disabled = false;
      return;
    }
    // The session is gone, completed or cannot use this category: a final decline.
    status.textContent = payload?.error_messages?.join(' ') ?? `The simulator refused the purchase (HTTP ${response.status}).`;
    answer({ approved: false, show_form: false });
  };

  approve.addEventListener('click', () => void submit());
  decline.addEventListener('click', () => answer(DECLINED_BY_SHOPPER));
  doc.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      answer(DECLINED_BY_SHOPPER);
      return;
    }
    // Keep Tab inside the dialog (it is modal): wrap from the last control to the first and back.
    if (event.key !== 'Tab') return;
    const controls = [email, approve, decline].filter((control) => !control.disabled);
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    if (!event.shiftKey && doc.activeElement === last) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && doc.activeElement === first) {
      event.preventDefault();
      last.focus();
    }
  });
  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win.parent || (parentOrigin !== 'null' && event.origin !== parentOrigin)) return;
    if (!isSimulatorMessage(event.data) || event.data.type !== 'request' || request) return;
    request = event.data;
    void render(request);
  });
  decline.disabled = false;
  win.parent.postMessage({ tag: SIMULATOR_MESSAGE_TAG, type: 'ready' } satisfies OverlayReadyMessage, targetOriginFor(parentOrigin));
}

if (typeof document !== 'undefined' && document.documentElement?.dataset.klarnaSimulatorPage === 'overlay') {
  startOverlayPage(window);
}
