/**
 * Klarna's published request schemas, checked with a real JSON Schema validator (ajv): Payments v1
 * (`specs/klarna/klarna-payments-v1.openapi.yml`) and Order Management v1
 * (`specs/klarna/order-management.openapi.yml`), converted to JSON at build time into
 * `dist/simulator/specs/`. Every request schema is compiled once, when the simulator starts; a body that
 * breaks one is answered with Klarna's `400 BAD_VALUE` and `Bad value: <field>` messages.
 * Node only: the simulator's browser code never imports this file.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';

/** The two specs, by the ids their schemas are registered under. */
const SPEC_FILES = {
  payments: 'payments-v1.json',
  'order-management': 'order-management-v1.json',
} as const;

type SpecId = keyof typeof SPEC_FILES;

/** One operation of a spec that takes a JSON body: its method, its path split into segments, its schema's `$ref`. */
interface RequestOperation {
  method: string;
  /** Path segments; parameters (`{order_id}`) become `*`. */
  segments: string[];
  validate: ValidateFunction;
}

/** Checks request bodies against Klarna's schemas. */
export interface KlarnaRequestSchemas {
  /**
   * The `Bad value: <field>` messages for a body the route's schema refuses (empty when it passes, or when
   * the route takes no body in Klarna's specs). `routePattern` is the simulator's (`/payments/v1/sessions/:id`).
   */
  check(method: string, routePattern: string, body: unknown): string[];
  /** How many request schemas were compiled. */
  readonly size: number;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object (whose `default` is the plugin).
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as (ajv: Ajv) => Ajv;

/** Reads one converted spec from `dist/simulator/specs/`. */
function readSpec(id: SpecId): Record<string, any> {
  const url = new URL(`./specs/${SPEC_FILES[id]}`, import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as Record<string, any>;
  } catch (error) {
    throw new Error(
      `The simulator cannot read Klarna's ${id} spec at ${url.pathname}: build the package (npm run build), which converts specs/klarna/ into dist/simulator/specs/.`,
      { cause: error },
    );
  }
}

/**
 * Repairs two artefacts of the Order Management YAML's conversion (listed in specs/klarna/README.md), in
 * place: an `enum` holding one `a|b|c` string means the values a, b and c (order line `type`); an `enum`
 * holding only `null` means no enum at all (`Addon.price`).
 */
export function repairEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) repairEnums(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  const values = schema['enum'];
  if (Array.isArray(values)) {
    if (values.length === 1 && typeof values[0] === 'string' && values[0].includes('|')) {
      schema['enum'] = values[0].split('|');
    } else if (values.every((value) => value === null)) {
      delete schema['enum'];
    }
  }
  for (const value of Object.values(schema)) repairEnums(value);
}

/** The JSON body schema `$ref` of an OpenAPI 3 operation, if it takes one. */
function bodyReference(operation: Record<string, any>): string | undefined {
  const reference = operation['requestBody']?.['content']?.['application/json']?.['schema']?.['$ref'];
  return typeof reference === 'string' ? reference : undefined;
}

/** `/order_lines/0/type` → `order_lines[0].type`; a missing property is named too. */
export function fieldOf(error: ErrorObject): string {
  const parts = error.instancePath.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (error.keyword === 'required') parts.push(String((error.params as { missingProperty: string }).missingProperty));
  let field = '';
  for (const part of parts) field += /^\d+$/.test(part) ? `[${part}]` : field === '' ? part : `.${part}`;
  return field === '' ? 'body' : field;
}

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment.startsWith(':') || segment.startsWith('{') ? '*' : segment));
}

/** Loads both specs and compiles every request schema (once; call at start-up). */
export function compileKlarnaRequestSchemas(): KlarnaRequestSchemas {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const operations: RequestOperation[] = [];
  for (const id of Object.keys(SPEC_FILES) as SpecId[]) {
    const spec = readSpec(id);
    repairEnums(spec['components']);
    ajv.addSchema({ components: spec['components'] }, id);
    for (const [path, item] of Object.entries(spec['paths'] as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const reference = typeof operation === 'object' && operation !== null ? bodyReference(operation) : undefined;
        if (reference === undefined) continue;
        operations.push({ method: method.toUpperCase(), segments: segmentsOf(path), validate: ajv.compile({ $ref: `${id}${reference}` }) });
      }
    }
  }
  return {
    size: operations.length,
    check(method, routePattern, body) {
      const segments = segmentsOf(routePattern);
      const operation = operations.find(
        (candidate) =>
          candidate.method === method &&
          candidate.segments.length === segments.length &&
          candidate.segments.every((segment, index) => segment === segments[index]),
      );
      if (!operation || operation.validate(body ?? {})) return [];
      return [...new Set((operation.validate.errors ?? []).map((error) => `Bad value: ${fieldOf(error)}`))];
    },
  };
}
