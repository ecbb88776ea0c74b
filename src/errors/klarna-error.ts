/**
 * The root of every error this package throws, browser and server side alike, so a caller can
 * `catch (e) { if (e instanceof KlarnaError) … }`. Subclasses set a literal `name`.
 */
export class KlarnaError extends Error {
  override name: string = 'KlarnaError';
}
