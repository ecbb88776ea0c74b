// Browser tests: real headless Chromium through @web/test-runner. Run by scripts/test.mjs after the build;
// tests import the built package from dist/, so they exercise what merchants install.
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { CHROME_ARGS, findChrome } from './scripts/chrome.mjs';
import { countingReporter } from './scripts/wtr-counting-reporter.mjs';
import { delayMiddleware, failFirstMiddleware } from './test/fixtures/delay-middleware.mjs';
import { mockMerchantMiddleware } from './test/fixtures/mock-merchant-middleware.mjs';

const filter = process.env.BROWSER_TESTS; // e.g. BROWSER_TESTS='test/browser/loader*.test.js'

export default {
  files: filter ?? 'test/browser/**/*.test.js',
  // The `development` condition (also WTR's default): `#dev-mode` resolves to DEV_MODE = true, so the tests see the
  // long developer messages; test/browser/production.test.js checks the production build through the CDN bundle.
  nodeResolve: { exportConditions: ['development'] },
  middleware: [delayMiddleware, failFirstMiddleware, mockMerchantMiddleware],
  // One page at a time: a second, hidden page gets no requestAnimationFrame, and open-wc's fixture() waits for one.
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 15_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChrome(), headless: true, args: CHROME_ARGS },
    }),
  ],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), countingReporter(`${process.env.TEST_RESULTS_DIR ?? '.test-results'}/browser.json`)],
};
