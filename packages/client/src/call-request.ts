/**
 * The request a user's middleware gets in place of a WHATWG `Request` (call.ts builds one only when middleware is
 * registered): the transport sends with `fetch(url, init)`, which builds the one real Request of each attempt, so a
 * full Request here (URL parsing, a second Headers copy, an AbortSignal) would be built only to be taken apart again.
 * It has what middleware reads: `url`, `method`, `headers` (a real Headers, so middleware can set them), the
 * serialized `body`, `signal`, and `clone`/`text`/`json`/`arrayBuffer`/`blob` for middleware that reads the body.
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

  clone(): CallRequest {
    return new CallRequest(this.url, this);
  }

  text(): Promise<string> {
    return typeof this.body === 'string' ? Promise.resolve(this.body) : new Response(this.body).text();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return new Response(this.body).arrayBuffer();
  }

  blob(): Promise<Blob> {
    return new Response(this.body).blob();
  }

  /** The body is kept as the serialized text: reading it never uses it up. */
  get bodyUsed(): boolean {
    return false;
  }
}

/** The request body as text, from a CallRequest or from a real Request a middleware returned. */
export function bodyText(request: Request | CallRequest): Promise<string> | string | undefined {
  if (typeof request.body === 'string') return request.body;
  return request.body ? request.clone().text() : undefined;
}
