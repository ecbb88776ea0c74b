/**
 * The looks of Klarna's button styling guide (https://docs.klarna.com/express-checkout/additional-resources/button-styling/,
 * themes `default`/`dark`, `light`, `outlined`; shapes `default`, `rect`, `pill`, as in Klarna's Web SDK
 * `KlarnaTheme` and `ButtonShape`), as the `theme` and `shape` attributes of `<klarna-checkout-button>`.
 *
 * Each look only sets private custom properties (`--_klarna-*`); the button reads the public
 * `--klarna-checkout-button-*` properties first, so a merchant's own values still win over a theme.
 * Without `theme`, the button keeps the element's own pink look.
 */
import { css } from 'lit';

/** Klarna's button themes: `default` and `dark` are the dark button, `light` the white one, `outlined` white with an outline. */
export const BUTTON_THEMES = ['default', 'dark', 'light', 'outlined'] as const;
/** One of Klarna's button themes. */
export type ButtonTheme = (typeof BUTTON_THEMES)[number];

/** Klarna's button shapes: `default` (slightly rounded corners), `rect` (square corners), `pill` (fully round ends). */
export const BUTTON_SHAPES = ['default', 'rect', 'pill'] as const;
/** One of Klarna's button shapes. */
export type ButtonShape = (typeof BUTTON_SHAPES)[number];

/**
 * The themes and shapes. Klarna's dark is its off-black `#0b051d` with white text; light is white with that
 * off-black text (for dark backgrounds); outlined is the light button with a 1 px off-black outline (for white
 * backgrounds, where the light button would disappear). One line, because css`` text reaches the bundle as written.
 */
export const buttonLookStyles = css`:host([theme=default]),:host([theme=dark]){--_klarna-background:#0b051d;--_klarna-color:#fff}:host([theme=light]),:host([theme=outlined]){--_klarna-background:#fff;--_klarna-color:#0b051d}:host([theme=outlined]){--_klarna-border:1px solid #0b051d}:host([shape=default]){--_klarna-radius:8px}:host([shape=rect]){--_klarna-radius:0}:host([shape=pill]){--_klarna-radius:999px}`;
