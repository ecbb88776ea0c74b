/**
 * Route patterns such as `POST /ordermanagement/v1/orders/:id/captures`: `:name` matches one path
 * segment, a final `*` matches the rest, a method of `*` matches every method, and `*` alone matches
 * every Klarna REST route.
 */

/** Matches `path` against a pattern path; returns the named parameters or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const segment = want[i]!;
    if (segment === '*' && i === want.length - 1) return params;
    const actual = have[i];
    if (actual === undefined) return undefined;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined; // malformed %-escape: no route matches it
      }
    }
    else if (segment !== actual) return undefined;
  }
  return want.length === have.length ? params : undefined;
}

/** True when a route string (`'METHOD /path'` or `'*'`) covers this request. */
export function routeMatches(route: string, method: string, path: string): boolean {
  const trimmed = route.trim();
  if (trimmed === '*') return true;
  const space = trimmed.indexOf(' ');
  const routeMethod = space < 0 ? '*' : trimmed.slice(0, space).toUpperCase();
  const routePath = space < 0 ? trimmed : trimmed.slice(space + 1).trim();
  if (routeMethod !== '*' && routeMethod !== method.toUpperCase()) return false;
  return matchPath(routePath, path) !== undefined;
}
