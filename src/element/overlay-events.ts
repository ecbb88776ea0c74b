/**
 * Klarna's library events (`heightChanged`, `fullscreenOverlayShown`, `fullscreenOverlayHidden`) are page-wide:
 * one `Klarna.Payments` serves every element on the page and names no instance. This module subscribes once per
 * `Klarna.Payments` object and hands each event to every element that listens; each element decides whether the
 * event is its own (the overlay belongs to the element whose authorization is open; a height change is measured
 * by every element from its own widget container).
 */
import type { KlarnaPayments } from '../loader/klarna-types.js';

/** What an element does with Klarna's library events. */
export interface KlarnaLibraryListener {
  /** `heightChanged`: some widget on the page changed height (which one, Klarna does not say: measure your own). */
  heightChanged(): void;
  /** `fullscreenOverlayShown` / `fullscreenOverlayHidden`. */
  overlayChanged(shown: boolean): void;
}

/** The listeners of each `Klarna.Payments` object this module subscribed to. */
const listenersByLibrary = new WeakMap<KlarnaPayments, Set<KlarnaLibraryListener>>();

/**
 * Adds `listener` to `payments`' events (subscribing to the library the first time) and returns the function that
 * removes it. A library whose `on` throws (an old or foreign `Klarna.Payments`) is left alone.
 */
export function listenToKlarnaLibrary(payments: KlarnaPayments, listener: KlarnaLibraryListener): () => void {
  let listeners = listenersByLibrary.get(payments);
  if (!listeners) {
    const subscribed = new Set<KlarnaLibraryListener>();
    listeners = subscribed;
    listenersByLibrary.set(payments, subscribed);
    try {
      payments.on('heightChanged', () => {
        for (const each of [...subscribed]) each.heightChanged();
      });
      payments.on('fullscreenOverlayShown', () => {
        for (const each of [...subscribed]) each.overlayChanged(true);
      });
      payments.on('fullscreenOverlayHidden', () => {
        for (const each of [...subscribed]) each.overlayChanged(false);
      });
    } catch {
      // This library does not offer the events: the element still works, without them.
    }
  }
  listeners.add(listener);
  const registered = listeners;
  return () => registered.delete(listener);
}
