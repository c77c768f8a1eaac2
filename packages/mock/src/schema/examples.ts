import { resolveRef, type SchemaObject } from './spec';

/** Deterministic inputs for generated values: a clock and a counter-based id source. */
export interface ExampleContext {
  readonly now: () => number;
  readonly id: () => string;
}

/**
 * A value that validates against `schema`: the schema's own example where it has one, else the first enum value,
 * else a plain value of its type. Objects get every property (so responses look complete); arrays one item.
 */
export function exampleOf(schemaOrRef: unknown, ctx: ExampleContext, depth = 0): unknown {
  const schema = resolveRef(schemaOrRef);
  if (!schema || depth > 12) return null;
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part: unknown) => exampleOf(part, ctx, depth + 1));
    // `allOf: [{ $ref: ExchangeIndex }]` wraps a scalar; only objects merge.
    const objects = parts.every((p: unknown) => p !== null && typeof p === 'object' && !Array.isArray(p));
    return objects ? Object.assign({}, ...parts) : parts[0];
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(variants) && variants.length) return exampleOf(variants[0], ctx, depth + 1);
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.example !== undefined && isPlausible(schema, schema.example)) return schema.example;
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, SchemaObject>)) {
        out[name] = exampleOf(property, ctx, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return depth > 6 && min === 0
        ? []
        : Array.from({ length: Math.max(1, min) }, () => exampleOf(schema.items, ctx, depth + 1));
    }
    case 'string':
      return stringOf(schema, ctx);
    case 'integer':
    case 'number':
      return numberOf(schema);
    case 'boolean':
      return false;
    default:
      return schema.nullable ? null : {};
  }
}

function stringOf(schema: SchemaObject, ctx: ExampleContext): string {
  switch (schema.format) {
    case 'date-time':
      return new Date(ctx.now()).toISOString();
    case 'date':
      return new Date(ctx.now()).toISOString().slice(0, 10);
    case 'uuid':
      return ctx.id();
    default:
      return typeof schema.minLength === 'number' && schema.minLength > 0 ? 'x'.repeat(schema.minLength) : 'example';
  }
}

function numberOf(schema: SchemaObject): number {
  if (typeof schema.minimum === 'number') return schema.minimum + (schema.exclusiveMinimum === true ? 1 : 0);
  if (typeof schema.maximum === 'number' && schema.maximum < 0) return schema.maximum;
  return 0;
}

/** Spec examples are sometimes of the wrong type; use them only when they fit. */
function isPlausible(schema: SchemaObject, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' && (schema.format !== 'date-time' || !Number.isNaN(Date.parse(value)));
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}
