// Reading an HTTP answer in the server tests, where a body that is not JSON is itself worth asserting on.

/** The answer's text and, when the text is JSON, its value (else `undefined`). */
export async function readJsonAnswer(response) {
  const text = await response.text();
  try {
    return { text, body: JSON.parse(text) };
  } catch {
    return { text, body: undefined };
  }
}
