// The control routes (`/_mock/…`) as msw handlers, served by the node server through the same pipeline as the API.
// Input is checked against control-api.json; bad input gets 400 naming the field, in Kalshi's nested shape.
// Before msw: see deno-broadcast-channel.ts.
import '../deno-broadcast-channel';
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { ErrorBody } from '../exchange/errors';
import type { KalshiMock } from '../mock';
import {
  assertAddUser,
  assertAdvanceTime,
  assertFaults,
  assertPause,
  ControlInputError,
} from '../shared/control-schema';
import type { FaultSpec } from '../shared/faults';
import type { StreamServer } from '../stream/upgrade';
import { type ControlGuardOptions, controlRefusal } from './control-guard';
import { determine } from './control-lifecycle';
import { urlsUnder } from './handlers';

export const CONTROL_PREFIX = '/_mock/';

/** Methods of each control route (for 405 and its Allow header). */
export const CONTROL_ROUTES: Readonly<Record<string, readonly string[]>> = {
  reset: ['POST'],
  faults: ['GET', 'POST', 'DELETE'],
  time: ['POST'],
  state: ['GET'],
  'stream/drop': ['POST'],
  users: ['POST'],
  'markets/determine': ['POST'],
  pause: ['POST', 'DELETE'],
};

export interface ControlContext {
  readonly mock: KalshiMock;
  readonly stream: Pick<StreamServer, 'connections' | 'dropAll'>;
}

const invalid = (details: string): ErrorBody => ({
  error: { code: 'invalid_parameters', message: 'invalid parameters', details },
});

/** A refused control input as the route answers it: 404 `not_found` for what names nothing, 409 `conflict`, else 400. */
const refusal = (error: ControlInputError): ErrorBody =>
  error.status === 404
    ? { error: { code: 'not_found', message: 'not found', details: error.message } }
    : error.status === 409
      ? { error: { code: 'conflict', message: 'conflict', details: error.message } }
      : invalid(error.message);

/**
 * The control routes on `origin`. `guard` (control-guard.ts) names the host the server binds and its `--cors` origin;
 * by default the origin's host, without CORS.
 */
export function createControlHandlers(
  ctx: ControlContext,
  origin: string,
  guard: ControlGuardOptions = { bindHost: new URL(origin).hostname },
): RequestHandler[] {
  return [
    http.all(urlsUnder(`${origin}${CONTROL_PREFIX}`), async ({ request }) => {
      const refused = controlRefusal(request, guard);
      if (refused) return json(refused.status, refused.body);
      const route = new URL(request.url).pathname.slice(CONTROL_PREFIX.length);
      const methods = CONTROL_ROUTES[route];
      if (!methods)
        return json(404, { error: { code: 'not_found', message: `unknown control route ${CONTROL_PREFIX}${route}` } });
      if (!methods.includes(request.method))
        return HttpResponse.json(
          { error: { code: 'method_not_allowed', message: `method not allowed; use ${methods.join(', ')}` } },
          { status: 405, headers: { allow: methods.join(', ') } },
        );
      try {
        return await control(ctx, `${request.method} ${route}`, request);
      } catch (error) {
        if (error instanceof ControlInputError) return json(error.status, refusal(error));
        // control-api.json documents its Error shape, nested as the rest, for "Invalid JSON" too.
        if (error instanceof SyntaxError)
          return json(400, {
            error: { code: 'bad_request', message: 'bad request', details: 'request body is not valid JSON' },
          });
        throw error;
      }
    }),
  ];
}

async function control(ctx: ControlContext, route: string, request: Request): Promise<Response> {
  const { exchange, faults } = ctx.mock;
  exchange.runDue(); // what fell due on the real clock happens first, as for the API's requests
  switch (route) {
    case 'POST stream/drop': {
      const dropped = ctx.stream.connections();
      ctx.stream.dropAll();
      return json(200, { dropped });
    }
    case 'POST reset':
      exchange.reset();
      faults.clear();
      return json(200, { ok: true });
    case 'POST faults': {
      const text = await request.text();
      if (!text.trim()) throw new ControlInputError('body', 'a fault or an array of faults is required');
      const specs = assertFaults(JSON.parse(text));
      for (const spec of specs) faults.add(spec as FaultSpec);
      return json(200, { faults: faults.list() });
    }
    case 'DELETE faults':
      faults.clear();
      return json(200, { faults: [] });
    case 'GET faults':
      return json(200, { faults: faults.list(), fired: Object.fromEntries(faults.fired) });
    case 'POST time': {
      const text = await request.text();
      const { advanceMs = 0 } = assertAdvanceTime(text.trim() ? JSON.parse(text) : {});
      exchange.advanceTime(advanceMs);
      return json(200, { now: exchange.now() });
    }
    case 'POST users': {
      const text = await request.text();
      return json(200, ctx.mock.addUser(assertAddUser(text.trim() ? JSON.parse(text) : {})));
    }
    case 'POST pause': {
      const text = await request.text();
      if (!text.trim()) throw new ControlInputError('kind', 'is required');
      return json(200, exchange.pause(assertPause(JSON.parse(text))));
    }
    case 'DELETE pause':
      exchange.resume();
      return json(200, { paused: false });
    case 'POST markets/determine':
      return json(200, await determine(exchange, request));
    default:
      return json(200, snapshot(ctx.mock));
  }
}

function snapshot({ exchange }: KalshiMock) {
  return {
    now: exchange.now(),
    paused: exchange.paused ?? null,
    markets: exchange.markets.size,
    orders: [...exchange.orders.values()].map((o) => ({
      order_id: o.orderId,
      client_order_id: o.clientOrderId,
      ticker: o.ticker,
      status: o.status,
      user_id: o.userId,
    })),
    fills: exchange.fills.length,
    accounts: [...exchange.accounts.values()].map((a) => ({
      user_id: a.userId,
      available_micro_dollars: a.cash - a.locked,
    })),
  };
}

const json = (status: number, body: unknown) => HttpResponse.json(body as object, { status });
