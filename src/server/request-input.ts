/**
 * Reading the handler's request bodies: a JSON object, identifiers exactly as Klarna issued them, the
 * shop's cart. Every problem becomes a 400 `bad_request` whose message names the field and the fix and
 * never echoes a value (a misplaced field may hold an authorization token).
 */
import { ProtocolErrorCode } from '../protocol/index.js';
import type { ProtocolFailure } from './protocol-errors.js';
// Values are named by kind only ("an object", "a string"), never echoed: a misplaced field may hold a token.
import { describeKind as describe } from './describe-value.js';

export { describe };

/** A protocol failure raised inside the handler and answered at the top. */
export class ProtocolFailureSignal extends Error {
  override name = 'ProtocolFailureSignal';
  readonly failure: ProtocolFailure;
  constructor(failure: ProtocolFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** A 400 `bad_request` signal with `message`. */
export function badRequest(message: string): ProtocolFailureSignal {
  return new ProtocolFailureSignal({ status: 400, code: ProtocolErrorCode.BadRequest, message, reauthorize: false });
}

/** The request body as an object, or a 400. */
export function readObject(body: unknown, route: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The ${route} request body is ${describe(body)}: send a JSON object.`);
  }
  return body as Record<string, unknown>;
}

const IDENTIFIER = /^[A-Za-z0-9._~:-]{1,1024}$/;

/** Whether `value` may stand in a Klarna URL path as one segment. */
function isIdentifier(value: unknown): value is string {
  // "." and ".." match the pattern but are path segments: URL normalisation would send the call elsewhere.
  return typeof value === 'string' && IDENTIFIER.test(value) && value !== '.' && value !== '..';
}

/** Whether `read` must find the field. */
export type Presence = 'required' | 'optional';

/** The session request's optional `revision`: a non-negative safe integer, or a 400. */
export function readRevision(body: Record<string, unknown>): number | undefined {
  const value = body.revision;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw badRequest(`The request's "revision" is ${describe(value)}: send a non-negative integer that grows with every session request, or leave it out.`);
  }
  return value;
}

/** An identifier field (session id, authorization token), or a 400; undefined when optional and absent. */
export function readIdentifier(body: Record<string, unknown>, field: string, presence: Presence): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (presence === 'required') throw badRequest(`The request has no "${field}": send the ${field} as a string.`);
    return undefined;
  }
  if (!isIdentifier(value)) {
    // Never echo the value: it may be an authorization token.
    const received = typeof value === 'string' ? `a string of ${value.length} characters that is not an identifier` : describe(value);
    throw badRequest(`The request's "${field}" is ${received}: send the ${field} exactly as Klarna issued it.`);
  }
  return value;
}

/** A required identifier field. */
export function readRequiredIdentifier(body: Record<string, unknown>, field: string): string {
  return readIdentifier(body, field, 'required') as string;
}

/** The shop's cart, any JSON but null, or a 400. */
export function readCart(body: Record<string, unknown>): unknown {
  if (body.cart === undefined || body.cart === null) {
    throw badRequest('The request has no "cart": send the cart as the shop\'s page describes it (for example {"lines":[{"id":"sku-1","quantity":1}]}).');
  }
  return body.cart;
}

/** The last path segment of a URL, trailing slashes ignored: the handler's route. */
export function lastPathSegment(url: string): string {
  const path = new URL(url).pathname.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** An error's message, or the value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** SHA-256 of `text` as 64 lower-case hex digits (keys for tokens, the stored form of callback secrets). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
