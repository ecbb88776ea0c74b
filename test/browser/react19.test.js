// klarna-checkout-button/react under React 19 in StrictMode (bundle built by test/prepare/build-react-apps.mjs).
import * as app from '../../.test-build/react19-app.js';
import { describeReactCheckout } from '../fixtures/react/react-checkout-suite.js';

describeReactCheckout(app, 19);
