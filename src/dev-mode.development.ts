/**
 * `#dev-mode` under the `development` export condition (Vite's and webpack's development builds,
 * `node --conditions=development`, @web/test-runner): the developer help, i.e. the long messages that quote the value
 * received and name the fix, and the field-by-field checks of the merchant backend's answers. It lives only here and
 * in the modules imported below, so a production bundle, which resolves `#dev-mode` to `dev-mode.ts`, never reaches it,
 * whatever its bundler removes or keeps (docs/decisions/0005-development-build.md).
 * Keep the exports in step with `dev-mode.ts` (test/node/dev-mode.test.js checks that both list the same names).
 */
export { describeLoaderOption, describeLoaderSource, describeLoadFailure } from './loader/development-messages.js';
export {
  describeAnswerProblem,
  describeMerchantFailure,
  describeMerchantOption,
  describeOrderArguments,
  describeRequestBody,
} from './merchant-client/development-checks.js';
export {
  describeAuthorizationLifetime,
  describeDefinedElsewhere,
  describeDefineFailure,
  describeMissingAuthorizationToken,
  describeMissingSessionSource,
  describeStageFailure,
  describeMessagesValue,
  describeUnknownMessageKey,
  describeMessageText,
  warnAboutUnknownLooks,
  describeLoadTimeout,
  describeRemovedWhileAuthorizing,
  describeOutcomeUnknown,
  describeForbiddenTransition,
} from './element/development-messages.js';
