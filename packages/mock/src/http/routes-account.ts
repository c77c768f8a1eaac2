// Account, exchange-schedule and summary operations answered from state: limits and costs from the one rate-limit
// table (kalshi-api-notes §8.1), the resting-order total from the collateral the engine holds.

import { operations } from '../generated/manifest';
import { DEFAULT_TOKEN_COST, ENDPOINT_COSTS } from '../generated/rate-limits';
import { dollars, iso } from '../shared/present';
import { accountTier } from './account-tier';
import type { RouteContext, RouteResult } from './routes';

/** The retired V1 order writes and the MVE lookup are not in the spec any more: their routes, as Kalshi had them. */
const UNLISTED_ROUTES: Readonly<Record<string, readonly [string, string]>> = {
  LookupTickersForMarketInMultivariateEventCollection: [
    'PUT',
    '/multivariate_event_collections/{collection_ticker}/lookup',
  ],
  CreateOrder: ['POST', '/portfolio/orders'],
  AmendOrder: ['POST', '/portfolio/orders/{order_id}/amend'],
  DecreaseOrder: ['POST', '/portfolio/orders/{order_id}/decrease'],
  BatchCreateOrders: ['POST', '/portfolio/orders/batched'],
  CancelOrder: ['DELETE', '/portfolio/orders/{order_id}'],
  BatchCancelOrders: ['DELETE', '/portfolio/orders/batched'],
};

function routeOf(operationId: string): readonly [string, string] | undefined {
  const op = (operations as Record<string, { method: string; path: string } | undefined>)[operationId];
  return op ? [op.method.toUpperCase(), op.path] : UNLISTED_ROUTES[operationId];
}

const bucket = (limit: { refillRate: number; capacity: number }) => ({
  refill_rate: limit.refillRate,
  bucket_capacity: limit.capacity,
});

export const accountRoutes = {
  GetAccountApiLimits: ({ exchange }: RouteContext): RouteResult => {
    const tier = accountTier(exchange);
    // No grants: the mock's tier is configured, not earned (the recorded Basic account also had none).
    return {
      status: 200,
      body: { usage_tier: tier.name, read: bucket(tier.limits.read), write: bucket(tier.limits.write), grants: [] },
    };
  },

  GetAccountEndpointCosts: (): RouteResult => ({
    status: 200,
    body: {
      default_cost: DEFAULT_TOKEN_COST,
      // Paths below the API base, as the spec writes them (the recorded response's path form is not in the notes).
      endpoint_costs: Object.entries(ENDPOINT_COSTS).flatMap(([operationId, cost]) => {
        const route = routeOf(operationId);
        return route ? [{ method: route[0], path: route[1], cost }] : [];
      }),
    },
  }),

  GetPortfolioRestingOrderTotalValue: (ctx: RouteContext): RouteResult => {
    let locked = 0;
    for (const order of ctx.exchange.orders.values())
      if (order.userId === ctx.userId && order.status === 'resting') locked += order.locked;
    return {
      status: 200,
      body: {
        total_resting_order_value: Math.trunc(locked / 10_000),
        resting_order_value_breakdown: [{ exchange_index: 0, balance: dollars(locked - (locked % 100)) }],
      },
    };
  },

  /** User data is read straight from the engine: as of now (the stale-read fault moves it back). */
  GetUserDataTimestamp: ({ exchange }: RouteContext): RouteResult => ({
    status: 200,
    body: { as_of_time: iso(exchange.now()) },
  }),

  /**
   * Kalshi's event contracts trade around the clock apart from maintenance (kalshi-api-notes §5.16); the mock has no
   * maintenance windows, so every day is one session and the window list is empty.
   */
  GetExchangeSchedule: ({ exchange }: RouteContext): RouteResult => {
    const day = [{ open_time: '00:00', close_time: '23:59' }];
    const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    const now = exchange.now();
    return {
      status: 200,
      body: {
        schedule: {
          standard_hours: [
            {
              start_time: iso(now - (now % 86_400_000)),
              end_time: iso(now - (now % 86_400_000) + 365 * 86_400_000),
              ...Object.fromEntries(days.map((d) => [d, day])),
            },
          ],
          maintenance_windows: [],
        },
      },
    };
  },
};
