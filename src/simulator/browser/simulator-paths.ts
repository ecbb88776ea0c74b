/**
 * Where the simulator serves its browser side. Shared by the Node routes and the browser library so the
 * two never disagree; plain strings only (import-safe everywhere).
 */

/** The path of the simulated `api.js` (Klarna's is `https://x.klarnacdn.net/kp/lib/v1/api.js`). */
export const LIBRARY_PATH = '/kp/lib/v1/api.js';

/** The folder of the widget and overlay pages' scripts and stylesheet. */
export const ASSETS_PATH = '/kp/widget/assets/';

/** The widget page of a region (`/kp/widget/eu/payments`); query: `session_id`, `category`, `instance`, `parent_origin`. */
export function widgetPagePath(region: string): string {
  return `/kp/widget/${region}/payments`;
}

/** The consent overlay page of a region (`/kp/widget/eu/authorize`); query: `session_id`, `category`, `mode`, `parent_origin`. */
export function overlayPagePath(region: string): string {
  return `/kp/widget/${region}/authorize`;
}

/** Region segments the widget paths accept (Klarna's regions, plus any two lower-case letters a token may carry). */
export const REGION_SEGMENT = /^[a-z]{2}$/;
