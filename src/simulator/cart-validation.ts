/**
 * Cart checks wherever a cart arrives (session create/update, authorize data, create order): Klarna's
 * rules and messages come from `validateOrder` (src/server/validate-order.ts); this file only turns
 * its findings into Klarna's 400 answer.
 */
import { validateOrder } from '../server/validate-order.js';
import { isPlainObject, klarnaError, type SimulatorResponse } from './simulator-response.js';

/** One rule the cart broke. */
export interface CartProblem {
  path: string;
  message: string;
}

/** The problems of a cart; an empty array when Klarna would accept it. */
export function findCartProblems(order: unknown): CartProblem[] {
  if (!isPlainObject(order)) return [{ path: 'body', message: 'Bad value: body' }];
  return validateOrder(order).map((problem) => ({ path: String(problem.path), message: String(problem.message) }));
}

/** Klarna's 400 `BAD_VALUE` for a cart that breaks a rule, or undefined when it passes. */
export function rejectInvalidCart(order: unknown): SimulatorResponse | undefined {
  const problems = findCartProblems(order);
  if (problems.length === 0) return undefined;
  const messages = [...new Set(problems.map((problem) => problem.message))];
  return klarnaError(400, 'BAD_VALUE', ...messages);
}
