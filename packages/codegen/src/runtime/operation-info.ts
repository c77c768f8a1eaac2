// The shape of one entry of the generated operation manifest. Real source in @org/kalshi-codegen, copied verbatim
// next to the generated `manifest.ts` so that the client and the mock need no runtime dependency on the generator.

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

export interface OperationInfo {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Path template relative to the server URL, e.g. `/markets/{ticker}`. */
  readonly path: string;
  readonly tags: readonly string[];
  /** `required`: signed headers needed; `optional`: works with or without; `none`: public. */
  readonly auth: 'required' | 'optional' | 'none';
  readonly deprecated: boolean;
  /** Cursor pagination: the response field holding the next cursor and the one holding the page's items. */
  readonly pagination: null | { readonly cursorField: string; readonly itemsField: string };
}
