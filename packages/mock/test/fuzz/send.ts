// Turns a generated FuzzRequest into a signed (or badly signed) Fetch Request against the current exchange state.
import type { Signer } from '@org/kalshi-auth';
import type { Exchange } from '../../src';
import type { FuzzRequest, Ref, Value } from './requests';

function resolve(ref: Ref, exchange: Exchange, userId: string): string {
  const pick = (items: readonly string[]) => (items.length ? (items[ref.index % items.length] as string) : 'none');
  switch (ref.$ref) {
    case 'ticker':
      return pick([...exchange.markets.keys()]);
    case 'event':
      return pick([...exchange.events.keys()]);
    case 'series':
      return pick([...exchange.series.keys()]);
    case 'order':
      return pick([...exchange.orders.values()].filter((o) => o.userId === userId).map((o) => o.orderId));
    case 'clientOrderId':
      return pick([...exchange.orders.values()].filter((o) => o.userId === userId).map((o) => o.clientOrderId));
  }
}

function resolveValue(value: Value, exchange: Exchange, userId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, exchange, userId));
  if (value && typeof value === 'object') {
    if ('$ref' in value && typeof value.$ref === 'string' && typeof value.index === 'number')
      return resolve(value as Ref, exchange, userId);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, exchange, userId)]));
  }
  return value;
}

function bodyText(body: NonNullable<FuzzRequest['body']>, exchange: Exchange, userId: string): string {
  if (body.text !== undefined) return body.text;
  const json = resolveValue(body.json ?? null, exchange, userId);
  const text = JSON.stringify(json) ?? 'null';
  const edit = body.edit;
  if (!edit) return text;
  if (edit.kind === 'lexeme') return text.replace(/:(-?\d+)([,}\]])/, `:${edit.number}$2`);
  if (!text.startsWith('{') || text === '{}') return text;
  const key = Object.keys(json as object)[0] ?? 'x';
  const extra = `${JSON.stringify(key)}:${JSON.stringify(resolveValue(edit.value, exchange, userId)) ?? 'null'}`;
  return edit.last ? `${text.slice(0, -1)},${extra}}` : `{${extra},${text.slice(1)}`;
}

export async function toRequest(
  fuzz: FuzzRequest,
  base: string,
  exchange: Exchange,
  signer: Signer,
  userId: string,
): Promise<Request> {
  const path = fuzz.path
    .map((part) => (typeof part === 'string' ? part : encodeURIComponent(resolve(part, exchange, userId))))
    .join('/');
  const query = fuzz.query
    .map(
      ([name, value]) =>
        `${name}=${typeof value === 'string' ? value : encodeURIComponent(resolve(value, exchange, userId))}`,
    )
    .join('&');
  const url = `${base}/${path}${query ? `?${query}` : ''}`;
  const headers = new Headers();
  const method = fuzz.method;
  if (fuzz.auth !== 'none') {
    const signed = await signer.sign({
      method,
      url,
      timestamp: fuzz.auth === 'stale' ? Date.now() - 3_600_000 : undefined,
    });
    for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    if (fuzz.auth === 'bad-signature')
      headers.set('kalshi-access-signature', `A${signed['KALSHI-ACCESS-SIGNATURE'].slice(1, -4)}AAA=`);
    if (fuzz.auth === 'unknown-key') headers.set('kalshi-access-key', 'no-such-key');
    if (fuzz.auth === 'garbage-timestamp') headers.set('kalshi-access-timestamp', '1e12abc');
  }
  const withBody = fuzz.body !== undefined && method !== 'GET' && method !== 'HEAD';
  if (withBody && fuzz.body?.contentType) headers.set('content-type', fuzz.body.contentType);
  return new Request(url, {
    method,
    headers,
    body: withBody && fuzz.body ? new Blob([bodyText(fuzz.body, exchange, userId)]) : undefined,
  });
}
