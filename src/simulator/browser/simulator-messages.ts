/**
 * The `postMessage` protocol between the simulator's library (on the merchant's page) and its widget and
 * overlay iframes (on the simulator's origin). Every message carries `tag: SIMULATOR_MESSAGE_TAG`; each
 * side checks `event.origin` and `event.source` before reading one.
 */
import type { KlarnaAuthorizeResult } from '../../loader/klarna-types.js';

/** Marks the messages of this protocol among whatever else a page posts. */
export const SIMULATOR_MESSAGE_TAG = 'klarna-simulator';

/** Widget → library: the widget's content height in CSS pixels changed. */
export interface WidgetHeightMessage {
  tag: typeof SIMULATOR_MESSAGE_TAG;
  type: 'height';
  height: number;
}

/** Widget → library: the widget rendered; `show_form` false when the session cannot offer the category. */
export interface WidgetLoadedMessage {
  tag: typeof SIMULATOR_MESSAGE_TAG;
  type: 'loaded';
  show_form: boolean;
}

/** Overlay → library: the overlay page runs and waits for its request. */
export interface OverlayReadyMessage {
  tag: typeof SIMULATOR_MESSAGE_TAG;
  type: 'ready';
}

/** Library → overlay: what the shopper is asked to approve. */
export interface OverlayRequestMessage {
  tag: typeof SIMULATOR_MESSAGE_TAG;
  type: 'request';
  mode: 'authorize' | 'finalize';
  client_token: string;
  payment_method_category?: string;
  data: Record<string, unknown>;
  auto_finalize: boolean;
}

/** Overlay → library: the shopper decided; the callback result of `authorize()` / `finalize()`. */
export interface OverlayResultMessage {
  tag: typeof SIMULATOR_MESSAGE_TAG;
  type: 'result';
  result: KlarnaAuthorizeResult;
}

/** Any message of the protocol. */
export type SimulatorMessage = WidgetHeightMessage | WidgetLoadedMessage | OverlayReadyMessage | OverlayRequestMessage | OverlayResultMessage;

/** True when `value` is a message of this protocol (by its tag and a string `type`). */
export function isSimulatorMessage(value: unknown): value is SimulatorMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { tag?: unknown }).tag === SIMULATOR_MESSAGE_TAG &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/** The `targetOrigin` for posting to a parent whose origin is `parentOrigin` ('*' only for opaque `null` origins such as file: pages). */
export function targetOriginFor(parentOrigin: string): string {
  return parentOrigin === 'null' ? '*' : parentOrigin;
}
