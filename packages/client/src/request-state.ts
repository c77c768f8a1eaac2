import type { CallRequest } from './call-request';
import type { OperationInfo } from './generated/manifest';

/**
 * What one call carries through the client: the client's middleware creates it from the operation, the transport
 * counts attempts and notes a possibly lost response, `unwrap` and the order helpers read it back from the
 * Response. One WeakMap, keyed by the Request openapi-fetch builds and by the Response it hands back.
 */
export interface RequestState {
  readonly operation: OperationInfo | undefined;
  /** Attempts sent so far. */
  attempts: number;
  /**
   * An attempt may have reached the exchange without its answer reaching us (connection lost after sending, a
   * timeout, a broken body or a 5xx): a later "already exists" or "not found" may be our own earlier success.
   */
  uncertain: boolean;
  /** What the call concerns, for its error message: URL, path parameters, the JSON body, the signing key's id. */
  url?: string;
  path?: Readonly<Record<string, unknown>>;
  body?: unknown;
  keyId?: string;
}

const states = new WeakMap<object, RequestState>();

export function startRequest(request: Request | CallRequest, operation: OperationInfo | undefined): RequestState {
  const state: RequestState = { operation, attempts: 0, uncertain: false };
  states.set(request, state);
  return state;
}

export function stateOf(message: Request | CallRequest | Response): RequestState | undefined {
  return states.get(message);
}

/** Ties the response handed back to openapi-fetch to its request's state. */
export function endRequest(response: Response, state: RequestState): Response {
  states.set(response, state);
  return response;
}
