// Small helpers every demo page shares: building DOM nodes without innerHTML, and calling the shop server's JSON API.

/** Creates `<tag>` with attributes (`className`, `text` and booleans handled) and children. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((child) => child !== undefined && child !== null));
  return node;
}

/** GETs `path`, or POSTs `body` as JSON; resolves the JSON answer or throws an Error with the server's `code`. */
export async function requestJson(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(payload.error?.message ?? `The shop server answered ${response.status}.`);
    error.code = payload.error?.code ?? `HTTP_${response.status}`;
    throw error;
  }
  return payload;
}
