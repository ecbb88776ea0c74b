/**
 * Keeps `<klarna-checkout-button>` from moving the page while Klarna's widget loads, reloads or changes category.
 *
 * The element's checkout box (the category choice and the widget) has a reserved minimum height: the page's
 * `--klarna-checkout-button-reserved-height` (default: Klarna's initial widget height, 230 px), raised to the
 * tallest height the box has had. While a widget loads, the element's CSS clips the widget to the room the box
 * leaves it, so an iframe that mounts at 230 px and settles at another height moves nothing. Once the widget
 * shows, the box follows Klarna's `heightChanged` (and any resize of the widget's container) upwards, and never
 * shrinks while the element lives: shrinking would pull everything below the element up, which is layout shift
 * too. Nothing is stored in the browser.
 */

/** The height Klarna's library gives a widget's iframe before its first `heightChanged` (px). */
export const KLARNA_INITIAL_WIDGET_HEIGHT = 230;

/** The private custom property carrying the tallest height seen (the element's CSS takes the larger of it and the page's). */
const RESERVED_PROPERTY = '--_klarna-reserved-height';

/** The parts of the element the reservation measures and sizes. */
export interface CheckoutBoxParts {
  /** The box whose minimum height is reserved (holds the category choice and the widget). */
  box: HTMLElement;
  /** The category fieldset, when one is shown. */
  categories: HTMLElement | null;
  /** The light-DOM container Klarna's widget is loaded into. */
  widgetContainer: HTMLElement;
}

/** The reserved height of one element's checkout box. Create one per element. */
export class WidgetHeightReservation {
  /** The tallest natural height of the box so far (px), which it keeps as its minimum; 0 before a widget showed. */
  #tallest = 0;
  #parts: CheckoutBoxParts | undefined;
  #observer: ResizeObserver | undefined;
  /** Whether a widget is on show (not loading); only then is the measured height the widget's own. */
  #widgetShown = false;

  /** Applies the reservation to `parts.box` and follows resizes of the widget container. Call after every render. */
  attach(parts: CheckoutBoxParts): void {
    if (this.#parts?.widgetContainer !== parts.widgetContainer) {
      this.#observer?.disconnect();
      this.#observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.heightChanged()) : undefined;
      this.#observer?.observe(parts.widgetContainer);
    }
    this.#parts = parts;
    this.#reserve();
  }

  /** Stops following resizes (the element left the page); the height is kept for a later reconnection. */
  detach(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#parts = undefined;
  }

  /** Tells whether a widget is on show; while one loads, heights are not taken (the iframe is still settling). */
  set widgetShown(shown: boolean) {
    const becameShown = shown && !this.#widgetShown;
    this.#widgetShown = shown;
    if (becameShown) this.heightChanged();
  }

  /**
   * Measures the box's natural height (category choice + gap + widget) and raises the reservation to it: on
   * Klarna's `heightChanged`, on a resize of the widget container, and when a widget shows. Klarna's event is
   * page-wide and names no widget, so each element measures its own widget container rather than trusting the
   * number (Klarna's library sizes the iframe before it reports).
   */
  heightChanged(): void {
    const parts = this.#parts;
    if (!parts || !this.#widgetShown) return;
    const widget = parts.widgetContainer.getBoundingClientRect().height;
    if (!(widget > 0)) return;
    const categories = parts.categories?.getBoundingClientRect().height ?? 0;
    const gap = categories > 0 ? parseFloat(getComputedStyle(parts.box).rowGap) || 0 : 0;
    this.#tallest = Math.max(this.#tallest, Math.ceil(categories + gap + widget));
    this.#reserve();
  }

  /** Gives the box the tallest height so far as its minimum (the element's CSS takes the larger of it and the page's). */
  #reserve(): void {
    if (this.#tallest > 0) this.#parts?.box.style.setProperty(RESERVED_PROPERTY, `${this.#tallest}px`);
  }
}
