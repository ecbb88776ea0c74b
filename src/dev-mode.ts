/**
 * `DEV_MODE` is `false` in the production build that bundlers pick by default. Package-internal: modules import it
 * as `#dev-mode` (package.json `imports`), which resolves to `dev-mode.development.js` under the `development`
 * condition (Vite's and webpack's dev servers, `node --conditions=development`, @web/test-runner), as lit does.
 * Code under `if (DEV_MODE)` (long explanations, extra checks of the backend's answers) is removed by a bundler's
 * minifier in production; the production build keeps a typed error with a short message for every bad input.
 */
export const DEV_MODE: boolean = false;
