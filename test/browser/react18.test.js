// klarna-checkout-button/react under React 18 in StrictMode (bundle built by test/prepare/build-react-apps.mjs,
// with `react`/`react-dom` aliased to the `react18`/`react-dom18` packages).
import * as app from '../../.test-build/react18-app.js';
import { describeReactCheckout } from '../fixtures/react/react-checkout-suite.js';

describeReactCheckout(app, 18);
