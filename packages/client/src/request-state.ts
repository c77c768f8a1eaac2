import type { OperationInfo } from './generated/manifest';

/**
 * What one call carries through the client: the client creates it from the operation, the transport counts attempts
 * and notes a possibly lost response, `unwrap` and the order helpers read it back from the Response it rides on.
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

// On the message itself under a private symbol rather than in a WeakMap: a property costs less per request than a
// weak table entry (which the garbage collector must also process for every short-lived Request and Response).
const STATE = Symbol('kalshi.requestState');
type Carrier = { [STATE]?: RequestState };

export function stateOf(response: Response): RequestState | undefined {
  return (response as Carrier)[STATE];
}

/** Ties the response handed back to its call's state. */
export function endRequest(response: Response, state: RequestState): Response {
  (response as Carrier)[STATE] = state;
  return response;
}
