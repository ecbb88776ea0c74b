/**
 * `#dev-mode` as bundlers resolve it by default (production builds, Node, the CDN bundles): every developer helper
 * is `undefined`. Package-internal: modules import `#dev-mode` (package.json `imports`), which resolves to
 * `dev-mode.development.js` under the `development` condition, as lit does. Call sites read
 * `describeX?.(…) ?? 'short message'`, so the development help lives only in the development module and no bundler,
 * however little dead code it removes, can put it in a production bundle. The production build keeps a typed error
 * with a short message for every bad input (docs/decisions/0005-development-build.md).
 */
import type * as Development from './dev-mode.development.js';

export const describeLoaderOption: typeof Development.describeLoaderOption | undefined = undefined;
export const describeLoaderSource: typeof Development.describeLoaderSource | undefined = undefined;
export const describeLoadFailure: typeof Development.describeLoadFailure | undefined = undefined;

export const describeAnswerProblem: typeof Development.describeAnswerProblem | undefined = undefined;
export const describeMerchantFailure: typeof Development.describeMerchantFailure | undefined = undefined;
export const describeMerchantOption: typeof Development.describeMerchantOption | undefined = undefined;
export const describeOrderArguments: typeof Development.describeOrderArguments | undefined = undefined;
export const describeRequestBody: typeof Development.describeRequestBody | undefined = undefined;

export const describeAuthorizationLifetime: typeof Development.describeAuthorizationLifetime | undefined = undefined;
export const describeDefinedElsewhere: typeof Development.describeDefinedElsewhere | undefined = undefined;
export const describeDefineFailure: typeof Development.describeDefineFailure | undefined = undefined;
export const describeMissingAuthorizationToken: typeof Development.describeMissingAuthorizationToken | undefined = undefined;
export const describeMissingSessionSource: typeof Development.describeMissingSessionSource | undefined = undefined;
export const describeStageFailure: typeof Development.describeStageFailure | undefined = undefined;
export const describeMessagesValue: typeof Development.describeMessagesValue | undefined = undefined;
export const describeUnknownMessageKey: typeof Development.describeUnknownMessageKey | undefined = undefined;
export const describeMessageText: typeof Development.describeMessageText | undefined = undefined;
export const warnAboutUnknownLooks: typeof Development.warnAboutUnknownLooks | undefined = undefined;
export const describeLoadTimeout: typeof Development.describeLoadTimeout | undefined = undefined;
export const describeRemovedWhileAuthorizing: typeof Development.describeRemovedWhileAuthorizing | undefined = undefined;
export const describeOutcomeUnknown: typeof Development.describeOutcomeUnknown | undefined = undefined;
export const describeForbiddenTransition: typeof Development.describeForbiddenTransition | undefined = undefined;
