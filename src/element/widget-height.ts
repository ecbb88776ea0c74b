/**
 * Keeps `<klarna-checkout-button>` from moving the page while Klarna's widget loads, reloads or changes category.
 *
 * The element's checkout box (the category choice and the widget) gets a floor height: at first the tallest height
 * this browser saw for the box in its last page view (remembered in `localStorage`), else Klarna's initial widget
 * height (230 px). While
 * a widget loads, the element's CSS clips the widget to the room the floor leaves, so an iframe that mounts at
 * 230 px and settles at another height moves nothing. Once the widget shows, the box follows Klarna's
 * `heightChanged` (and any resize of the widget's container) upwards, and never shrinks below the floor while the
 * element lives: shrinking would pull everything below the element up, which counts as layout shift too.
 */

/** The height Klarna's library gives a widget's iframe before its first `heightChanged` (px). */
export const KLARNA_INITIAL_WIDGET_HEIGHT = 230;

/** Where the last measured height of the checkout box is remembered between page views. */
const STORAGE_KEY = 'klarna-checkout-button:checkout-height';

/** The remembered height of the checkout box, if the browser lets us read one. */
function rememberedHeight(): number | undefined {
  try {
    const stored = Number(globalThis.localStorage?.getItem(STORAGE_KEY));
    return stored > 0 && stored < 10_000 ? stored : undefined;
  } catch {
    return undefined; // storage blocked (privacy settings, sandboxed frame)
  }
}

function rememberHeight(height: number): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, String(height));
  } catch {
    // storage blocked or full: the next page view reserves Klarna's initial height instead
  }
}

/** The parts of the element the reservation measures and sizes. */
export interface CheckoutBoxParts {
  /** The box whose minimum height is reserved (holds the category choice and the widget). */
  box: HTMLElement;
  /** The category fieldset, when one is shown. */
  categories: HTMLElement | null;
  /** The light-DOM container Klarna's widget is loaded into. */
  widgetContainer: HTMLElement;
}

/** The floor height of one element's checkout box. Create one per element. */
export class WidgetHeightReservation {
  /** The box's minimum height in px: it only grows while the element lives. */
  #floor: number;
  #parts: CheckoutBoxParts | undefined;
  #observer: ResizeObserver | undefined;
  /** The tallest natural height of the box seen in this page view: what the next page view reserves. */
  #tallest = 0;
  /** Whether a widget is on show (not loading); only then is the measured height the widget's own. */
  #widgetShown = false;

  /** Starts from the remembered height, else from Klarna's initial widget height. */
  constructor() {
    this.#floor = rememberedHeight() ?? KLARNA_INITIAL_WIDGET_HEIGHT;
  }

  /** The reserved minimum height of the checkout box (px). */
  get floor(): number {
    return this.#floor;
  }

  /** Applies the floor to `parts.box` and follows resizes of the widget container. Call after every render. */
  attach(parts: CheckoutBoxParts): void {
    if (this.#parts?.widgetContainer !== parts.widgetContainer) {
      this.#observer?.disconnect();
      this.#observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.measure()) : undefined;
      this.#observer?.observe(parts.widgetContainer);
    }
    this.#parts = parts;
    parts.box.style.setProperty('min-height', `${this.#floor}px`);
  }

  /** Stops following resizes (the element left the page); the floor is kept for a later reconnection. */
  detach(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#parts = undefined;
  }

  /** Tells whether a widget is on show; while one loads, heights are not taken (the iframe is still settling). */
  set widgetShown(shown: boolean) {
    const becameShown = shown && !this.#widgetShown;
    this.#widgetShown = shown;
    if (becameShown) this.measure();
  }

  /** Klarna's `heightChanged`: the widget's height in px (measured from the container when absent). */
  heightChanged(widgetHeight?: number): void {
    this.measure(widgetHeight);
  }

  /** Measures the box's natural height (category choice + gap + widget) and raises the floor to it. */
  measure(widgetHeight?: number): void {
    const parts = this.#parts;
    if (!parts || !this.#widgetShown) return;
    const widget = widgetHeight ?? parts.widgetContainer.getBoundingClientRect().height;
    if (!(widget > 0)) return;
    const categories = parts.categories?.getBoundingClientRect().height ?? 0;
    const gap = categories > 0 ? parseFloat(getComputedStyle(parts.box).rowGap) || 0 : 0;
    const natural = Math.ceil(categories + gap + widget);
    if (natural > this.#tallest) {
      this.#tallest = natural;
      rememberHeight(natural);
    }
    if (natural > this.#floor) {
      this.#floor = natural;
      parts.box.style.setProperty('min-height', `${natural}px`);
    }
  }
}
