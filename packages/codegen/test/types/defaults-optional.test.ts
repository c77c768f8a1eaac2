import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { generate } from '../../src';
import { FIXTURES, typeErrors } from '../helpers';

// Outside testing, X-D2: openapi-typescript 7 defaults to `defaultNonNullable: true`, which makes a property that has a
// `default` but is not in `required` REQUIRED in a `$ref`'d schema. Kalshi's CreateOrderGroupRequest.exchange_index
// ("Defaults to 0", not required) and CreateRFQRequest.replace_existing (default false, required is
// [market_ticker, rest_remainder]) became required, so a spec-valid body did not compile. OpenAPI 3.0 (Schema Object,
// `default`): "the default value represents what would be assumed by the consumer of the input as the value of the
// schema if one is not provided" — the property may be left out, so its type is optional. The same holds for a
// response: a field that is not in `required` may be absent on the wire, default or not.
const CONSUMER = `
import { expectTypeOf } from 'vitest';
import type { components, operations } from './openapi';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

// A $ref'd request body: only the required field is needed.
type CreateGroupBody = Json<operations['CreateGroup']['requestBody']>;
const minimal: CreateGroupBody = { contracts_limit: 10 };
expectTypeOf<CreateGroupBody['exchange_index']>().toEqualTypeOf<number | undefined>();
expectTypeOf<CreateGroupBody['replace_existing']>().toEqualTypeOf<boolean | undefined>();
expectTypeOf<CreateGroupBody['mode']>().toEqualTypeOf<'a' | 'b' | undefined>();
// @ts-expect-error a required field stays required
const noLimit: CreateGroupBody = { exchange_index: 0 };

// An inline request body and a query parameter with a default.
type TransferBody = Json<NonNullable<operations['Transfer']['requestBody']>>;
const transfer: TransferBody = { amount: 100 };
type Query = NonNullable<operations['CreateGroup']['parameters']['query']>;
const query: Query = {};

// A response: a field with a default that is not in \`required\` may be absent; a required one is not.
type Group = components['schemas']['Group'];
expectTypeOf<Group['exchange_index']>().toEqualTypeOf<number | undefined>();
expectTypeOf<Group['status']>().toEqualTypeOf<string>();

export { minimal, noLimit, transfer, query };
`;

// Its own folder: generated-types.test.ts writes the Kalshi spec's types into `.generated`, maybe at the same time.
const dir = resolve(import.meta.dirname, '.generated', 'defaults');

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await generate({ spec: join(FIXTURES, 'defaults.yaml'), out: dir });
  writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
}, 60_000);

it('keeps a property with a default that is not required optional, in request bodies, parameters and responses', () => {
  expect(typeErrors(join(dir, 'consumer.ts'))).toEqual([]);
}, 60_000);
