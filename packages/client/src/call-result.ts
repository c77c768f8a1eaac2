import { wasReadWhole } from './transport';

export type ParseAs = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';

/**
 * openapi-fetch 0.17's `{ data, error, response }`, step for step: nothing for a 204, a HEAD or a `Content-Length: 0`
 * (not chunked) response; otherwise a 2xx body parsed as asked (an empty JSON body without a length is undefined) and
 * any other body as its text, parsed as JSON where it is JSON (so an empty one is ''). The transport's responses
 * answer `text()` and `json()` from the body it read (see wasReadWhole).
 */
export async function result(response: Response, method: string, parseAs: ParseAs) {
  const contentLength = response.headers.get('content-length');
  if (
    response.status === 204 ||
    method === 'HEAD' ||
    (contentLength === '0' && !response.headers.get('transfer-encoding')?.includes('chunked'))
  )
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  if (!response.ok) {
    let error: unknown = await response.text();
    try {
      error = JSON.parse(error as string);
    } catch {}
    return { error, response };
  }
  if (parseAs === 'json' && !contentLength) {
    const raw = await response.text();
    // The transport's response has the value parsed already.
    return { data: raw ? (wasReadWhole(response) ? await response.json() : JSON.parse(raw)) : undefined, response };
  }
  if (parseAs === 'json' || parseAs === 'text') return { data: await response[parseAs](), response };
  // The transport has read the body: a copy of it serves the other forms.
  const body = wasReadWhole(response) ? new Response(await response.text(), response) : response;
  return { data: parseAs === 'stream' ? body.body : await body[parseAs](), response };
}
