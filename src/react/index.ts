/**
 * `klarna-checkout-button/react`: `<klarna-checkout-button>` as a React component (React 18 and 19), made
 * with `@lit/react`'s `createComponent`. Props become element properties (so `cart` stays an object), and the
 * `on…` props listen to the element's `klarna-…` events with their typed details. Importing this module
 * defines the element when a `customElements` registry exists (import-safe in Node). It is a client module
 * (`'use client'`), so React Server Components frameworks render it on the client side of the boundary.
 */
'use client';

import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { KlarnaCheckoutButton as KlarnaCheckoutButtonClass } from '../element/index.js';
import type { KlarnaCheckoutEvent } from '../element/index.js';

export type { AuthorizeData, Messages, MessageKey, MessageOverrides, ButtonShape, ButtonTheme } from '../element/index.js';
export type * from '../element/events.js';

/** The `<klarna-checkout-button>` DOM element a `ref` receives (use it for `authorize()`, `finalize()`, `reload()`). */
export type KlarnaCheckoutButtonElement = KlarnaCheckoutButtonClass;

/**
 * The element members the component forwards as properties: the writable options, never `state` or methods.
 * `authorizationLifetimeMs` is left out on purpose: it rejects `undefined`, which `@lit/react` assigns when a
 * prop is removed; set it through `ref` instead.
 */
type KlarnaCheckoutButtonPropertyTarget = HTMLElement &
  Pick<
    KlarnaCheckoutButtonElement,
    | 'sessionUrl'
    | 'orderUrl'
    | 'clientToken'
    | 'paymentMethodCategory'
    | 'autoFinalize'
    | 'librarySrc'
    | 'label'
    | 'disabled'
    | 'loadTimeoutMs'
    | 'cart'
    | 'authorizeData'
    | 'fetch'
    | 'locale'
    | 'messages'
    | 'theme'
    | 'shape'
  >;

/** The React event props and the `klarna-…` event each one listens to, typed with the event's detail. */
const klarnaCheckoutButtonEvents = {
  onReady: 'klarna-ready' as EventName<KlarnaCheckoutEvent<'klarna-ready'>>,
  onUnavailable: 'klarna-unavailable' as EventName<KlarnaCheckoutEvent<'klarna-unavailable'>>,
  onBeforeAuthorize: 'klarna-before-authorize' as EventName<KlarnaCheckoutEvent<'klarna-before-authorize'>>,
  onAuthorized: 'klarna-authorized' as EventName<KlarnaCheckoutEvent<'klarna-authorized'>>,
  onFinalizeRequired: 'klarna-finalize-required' as EventName<KlarnaCheckoutEvent<'klarna-finalize-required'>>,
  onDeclined: 'klarna-declined' as EventName<KlarnaCheckoutEvent<'klarna-declined'>>,
  onOrderPlaced: 'klarna-order-placed' as EventName<KlarnaCheckoutEvent<'klarna-order-placed'>>,
  onReauthorizeRequired: 'klarna-reauthorize-required' as EventName<KlarnaCheckoutEvent<'klarna-reauthorize-required'>>,
  onError: 'klarna-error' as EventName<KlarnaCheckoutEvent<'klarna-error'>>,
  onOverlayShown: 'klarna-overlay-shown' as EventName<KlarnaCheckoutEvent<'klarna-overlay-shown'>>,
  onOverlayHidden: 'klarna-overlay-hidden' as EventName<KlarnaCheckoutEvent<'klarna-overlay-hidden'>>,
};

/**
 * `<klarna-checkout-button>` for React: `sessionUrl`, `orderUrl`, `cart`, `authorizeData`, `locale`, `messages`,
 * `theme`, `shape`, … as props, and `onReady`, `onAuthorized`, `onOrderPlaced`, `onDeclined`, `onError`,
 * `onOverlayShown`, … as typed event callbacks.
 */
export const KlarnaCheckoutButton = createComponent<KlarnaCheckoutButtonPropertyTarget, typeof klarnaCheckoutButtonEvents>({
  react: React,
  tagName: 'klarna-checkout-button',
  elementClass: KlarnaCheckoutButtonClass,
  events: klarnaCheckoutButtonEvents,
  displayName: 'KlarnaCheckoutButton',
});

/** The props of `<KlarnaCheckoutButton>` (element properties, typed event callbacks, React's HTML props and `ref`). */
export type KlarnaCheckoutButtonProps = React.ComponentProps<typeof KlarnaCheckoutButton>;
