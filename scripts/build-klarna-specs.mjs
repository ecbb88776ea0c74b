// Build step: Klarna's specs (specs/klarna/, YAML and JSON as published) → dist/simulator/specs/*.json, so the
// simulator reads plain JSON at start-up and needs no YAML parser at run time (yaml is a devDependency).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The spec files the simulator validates with, and the JSON file each becomes in dist/simulator/specs/. */
const SIMULATOR_SPECS = [
  { source: 'specs/klarna/klarna-payments-v1.openapi.yml', output: 'payments-v1.json' },
  { source: 'specs/klarna/order-management.openapi.yml', output: 'order-management-v1.json' },
];

/** Reads one spec file of specs/klarna/ (YAML or JSON) into an object. */
function readKlarnaSpec(root, source) {
  const text = readFileSync(new URL(source, root), 'utf8');
  return source.endsWith('.json') ? JSON.parse(text) : parse(text);
}

const root = new URL('../', import.meta.url);
mkdirSync(new URL('dist/simulator/specs/', root), { recursive: true });
for (const { source, output } of SIMULATOR_SPECS) {
  writeFileSync(new URL(`dist/simulator/specs/${output}`, root), JSON.stringify(readKlarnaSpec(root, source)));
}
