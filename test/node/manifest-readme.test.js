// The element guide's attribute and event tables agree with the Custom Elements Manifest (custom-elements.json, which
// the build generates from src/element's JSDoc), both ways: nothing documented that the element lacks, nothing
// the element has that is undocumented.
// The tables are read from docs/element.md under `## Attributes and properties` and `## Events`.
// `node scripts/manifest-tables.mjs` prints tables generated from the manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  ATTRIBUTES_HEADING,
  EVENTS_HEADING,
  attributeRows,
  elementDeclaration,
  eventRows,
  readManifest,
  readTableNames,
} from '../../scripts/manifest-tables.mjs';

const source = { label: 'docs/element.md', url: new URL('../../docs/element.md', import.meta.url) };

/** Names in `documented` missing from `actual`, and the reverse, as one readable object. */
function difference(documented, actual) {
  return {
    documentedButNotInManifest: documented.filter((name) => !actual.includes(name)).sort(),
    inManifestButUndocumented: actual.filter((name) => !documented.includes(name)).sort(),
  };
}

const noDifference = { documentedButNotInManifest: [], inManifestButUndocumented: [] };

test('custom-elements.json declares <klarna-checkout-button> with attributes and events', () => {
  const declaration = elementDeclaration(readManifest());
  assert.ok(attributeRows(declaration).some((row) => row.name === 'session-url'), 'The manifest lists no session-url attribute.');
  assert.ok(eventRows(declaration).length > 0, 'The manifest lists no events: the class needs @fires tags.');
});

test('custom-elements.json names the tag and points only at files of the built package', () => {
  const manifest = readManifest();
  const declaration = elementDeclaration(manifest);
  assert.equal(declaration.tagName, 'klarna-checkout-button');
  const paths = new Set();
  const collect = (node) => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string' && !value.startsWith('./')) paths.add(value);
      else collect(value);
    }
  };
  collect(manifest.modules);
  assert.ok(paths.size > 0);
  const missing = [...paths].filter((path) => !existsSync(new URL(`../../${path.replace(/^\//, '')}`, import.meta.url)));
  assert.deepEqual(missing, [], 'The manifest names files that the built package does not have (src/ is not published).');
});

test(`the attributes table in ${source.label} matches the manifest both ways`, () => {
  const documented = readTableNames(readFileSync(source.url, 'utf8'), ATTRIBUTES_HEADING);
  const duplicates = documented.filter((name, index) => documented.indexOf(name) !== index);
  assert.deepEqual(duplicates, [], 'The attributes table lists a name twice.');
  const actual = attributeRows(elementDeclaration(readManifest())).map((row) => row.name);
  assert.deepEqual(difference(documented, actual), noDifference, 'Regenerate the table with `node scripts/manifest-tables.mjs`.');
});

test(`the events table in ${source.label} matches the manifest both ways`, () => {
  const documented = readTableNames(readFileSync(source.url, 'utf8'), EVENTS_HEADING);
  const duplicates = documented.filter((name, index) => documented.indexOf(name) !== index);
  assert.deepEqual(duplicates, [], 'The events table lists an event twice.');
  const actual = eventRows(elementDeclaration(readManifest())).map((row) => row.name);
  assert.deepEqual(difference(documented, actual), noDifference, 'Regenerate the table with `node scripts/manifest-tables.mjs`.');
});

test('the table reader finds rows, ignores other tables and fails loudly on a missing heading', () => {
  const markdown = [
    '## Element',
    ATTRIBUTES_HEADING,
    '',
    '| attribute | meaning |',
    '| --- | --- |',
    '| `session-url` / `sessionUrl` | endpoint |',
    '| `cart` (property only) | any JSON |',
    '',
    '| other table | x |',
    '| --- | --- |',
    '| `not-this` | x |',
    EVENTS_HEADING,
    '| event | detail |',
    '| --- | --- |',
    '| `klarna-ready` | … |',
  ].join('\n');
  assert.deepEqual(readTableNames(markdown, ATTRIBUTES_HEADING), ['session-url', 'cart']);
  assert.deepEqual(readTableNames(markdown, EVENTS_HEADING), ['klarna-ready']);
  assert.throws(() => readTableNames('# Nothing here', EVENTS_HEADING), /no heading "## Events"/);
});
