// The element guide's (docs/element.md) attribute and event tables, derived from custom-elements.json (the build's last step writes it
// from src/element's JSDoc). test/node/manifest-readme.test.js uses the same rules to check docs/element.md.
// Usage: node scripts/manifest-tables.mjs   prints the two Markdown tables to paste under the headings of docs/element.md
//        `## Attributes and properties` and `## Events`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The docs/element.md headings the tables live under. */
export const ATTRIBUTES_HEADING = '## Attributes and properties';
export const EVENTS_HEADING = '## Events';

/** Reads custom-elements.json from the repo root. */
export function readManifest() {
  return JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8'));
}

/** The manifest's declaration of the element class (`KlarnaCheckoutButton`, or whichever declares the tag). */
export function elementDeclaration(manifest, { tagName = 'klarna-checkout-button', className = 'KlarnaCheckoutButton' } = {}) {
  const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
  const declaration =
    declarations.find((candidate) => candidate.customElement && candidate.tagName === tagName) ??
    declarations.find((candidate) => candidate.customElement && candidate.name === className);
  if (!declaration) {
    throw new Error(`custom-elements.json declares no custom element ${tagName} (class ${className}); run the build's manifest step.`);
  }
  return declaration;
}

function isPublic(member) {
  return !member.static && member.privacy !== 'private' && member.privacy !== 'protected' && !member.name.startsWith('_');
}

/**
 * The rows the "Attributes and properties" table must have, one per public field: named by its attribute when it
 * has one (`session-url`), else by the property (`cart`). Internal reactive state (private fields, which the
 * analyzer may list as attributes) is not API and is left out.
 */
export function attributeRows(declaration) {
  const members = declaration.members ?? [];
  const privateFields = new Set(members.filter((member) => !isPublic(member)).map((member) => member.name));
  const rows = new Map();
  for (const attribute of declaration.attributes ?? []) {
    if (attribute.fieldName && privateFields.has(attribute.fieldName)) continue;
    const field = members.find((member) => member.name === attribute.fieldName);
    rows.set(attribute.name, { name: attribute.name, property: attribute.fieldName, field, attribute });
  }
  for (const member of members) {
    if (member.kind !== 'field' || !isPublic(member) || member.attribute) continue;
    if (!rows.has(member.name)) rows.set(member.name, { name: member.name, property: member.name, field: member });
  }
  return [...rows.values()];
}

/** The rows the "Events" table must have, one per `@fires` event. */
export function eventRows(declaration) {
  return (declaration.events ?? []).filter((event) => event.name).map((event) => ({ name: event.name, event }));
}

/**
 * The first-column names of the Markdown table under `heading` (up to the next heading of any level): the first
 * backticked word of each body row, or the whole cell when it has no backticks. Throws when there is no table.
 */
export function readTableNames(markdown, heading) {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`The element guide has no heading "${heading}".`);
  const names = [];
  let rowIndex = 0;
  let inFence = false;
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    if (/^#{1,6}\s/.test(trimmed)) break;
    if (!trimmed.startsWith('|')) {
      if (rowIndex > 0) break; // the first table under the heading has ended
      continue;
    }
    rowIndex += 1;
    if (rowIndex <= 2) continue; // header and separator
    const firstCell = trimmed.slice(1).split('|')[0].trim();
    const backticked = /`([^`]+)`/.exec(firstCell);
    names.push(backticked ? backticked[1].trim() : firstCell);
  }
  if (names.length === 0) throw new Error(`The element guide has no table (or an empty one) under "${heading}".`);
  return names;
}

function cell(text) {
  return String(text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The two Markdown tables, generated from the manifest. */
export function renderTables(declaration) {
  const attributes = [
    ATTRIBUTES_HEADING,
    '',
    '| attribute / property | property | type | default | description |',
    '| --- | --- | --- | --- | --- |',
    ...attributeRows(declaration).map(({ name, property, field, attribute }) => {
      const type = field?.type?.text ?? attribute?.type?.text ?? '';
      const kind = attribute ? '' : field?.readonly ? ' (property, read-only)' : ' (property only)';
      return `| \`${name}\`${kind} | \`${property}\` | \`${cell(type)}\` | ${field?.default ? `\`${cell(field.default)}\`` : ''} | ${cell(field?.description ?? attribute?.description)} |`;
    }),
  ];
  const events = [
    EVENTS_HEADING,
    '',
    '| event | description and detail |',
    '| --- | --- |',
    ...eventRows(declaration).map(({ name, event }) => `| \`${name}\` | ${cell(event.description)} |`),
  ];
  return `${attributes.join('\n')}\n\n${events.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(renderTables(elementDeclaration(readManifest())));
}
