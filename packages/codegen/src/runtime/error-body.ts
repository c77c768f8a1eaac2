// The error bodies Kalshi sends (kalshi-api-notes §3.1): four shapes, not only the spec's flat ErrorResponse.
// Real source in @org/kalshi-codegen, copied next to the generated types so that the client (which reads these
// bodies) and the mock exchange (which answers with them) declare them once. `@inline`: the client's KalshiErrorBody
// is this type under the client's own doc, and TypeDoc shows the shapes there rather than a link to a type the client
// does not export.

/**
 * Kalshi's error body as sent, in one of the four shapes kalshi-api-notes §3.1 lists. Most 4xx/5xx nest the code
 * (`{"error":{"code":"not_found",…}}`), so it is not at the top.
 *
 * @inline
 */
export type ErrorBody =
  /** Most 4xx/5xx. */
  | {
      /** The error itself. */
      error: {
        /** Kalshi's error code, e.g. `not_found`. */
        code?: string;
        /** The error in words. */
        message?: string;
        /** More about it, when Kalshi says more. */
        details?: string;
        /** The Kalshi service that answered, when named (e.g. `exchange`). */
        service?: string;
      };
    }
  /** The spec's `ErrorResponse` as declared; sent for a body that is not valid JSON for the operation. */
  | {
      /** Kalshi's error code. */
      code: string;
      /** The error in words. */
      message: string;
      /** More about it, when Kalshi says more. */
      details?: string;
      /** The Kalshi service that answered, when named. */
      service?: string;
    }
  /** A query parameter out of range (`limit=1001`). */
  | {
      /** The error in words (e.g. the parameter out of range). */
      msg: string;
    }
  /** A 429. */
  | {
      /** The error in words (e.g. `too many requests`). */
      error: string;
    };
