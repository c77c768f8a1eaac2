/**
 * What openapi-fetch builds for each call in place of a WHATWG `Request` (its `Request` option): the transport sends
 * with `fetch(url, init)`, which builds the one real Request of each attempt, so a full Request here (URL parsing,
 * a second Headers copy, an AbortSignal) would be built only to be taken apart again. It has what openapi-fetch,
 * middleware and the transport read: `url`, `method`, `headers` (a real Headers, so middleware can set them), the
 * serialized `body`, `signal`, and `clone`/`text`/`json` for middleware that reads the body.
 */
export class CallRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect | undefined;

  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? undefined;
    this.redirect = init.redirect;
  }

  /**
   * openapi-fetch checks a middleware's return value with `instanceof` its `Request` option: a real Request a
   * middleware returns in place of this one is accepted too.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      (typeof Request === 'function' && value instanceof Request) ||
      Object.prototype.isPrototypeOf.call(CallRequest.prototype, value as object)
    );
  }

  clone(): CallRequest {
    return new CallRequest(this.url, this);
  }

  text(): Promise<string> {
    return typeof this.body === 'string' ? Promise.resolve(this.body) : new Response(this.body).text();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** The request body as text, from a CallRequest or from a real Request a middleware returned. */
export function bodyText(request: Request | CallRequest): Promise<string> | string | undefined {
  if (typeof request.body === 'string') return request.body;
  return request.body ? request.clone().text() : undefined;
}
