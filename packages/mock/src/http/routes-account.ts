// Account and summary operations answered from state: limits and costs from the one rate-limit
// table (kalshi-api-notes §8.1), the resting-order total from the collateral the engine holds.

import { forbidden } from '../exchange/errors';
import { floorToBalancePrecision } from '../exchange/fee-rounding';
import { formatCount } from '../generated/fixed-point';
import { operations } from '../generated/manifest';
import { DEFAULT_TOKEN_COST, ENDPOINT_COSTS } from '../generated/rate-limits';
import { dollars, iso } from '../shared/present';
import { accountTier, grantAdvanced, hasAdvancedGrant } from './account-tier';
import { keyMayRead } from './key-permissions';
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

/**
 * Volume goals of the volume-based tiers (spec: Expert, Premier, Paragon, Prime, Prestige). The notes do not record
 * Kalshi's numbers: these are the mock's own, increasing by tier; keeping a tier takes half the volume earning it does.
 */
const VOLUME_GOALS: readonly [string, number][] = [
  ['expert', 100_000],
  ['premier', 1_000_000],
  ['paragon', 5_000_000],
  ['prime', 20_000_000],
  ['prestige', 100_000_000],
];

const DAY_MS = 86_400_000;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const bucket = (limit: { refillRate: number; capacity: number }) => ({
  refill_rate: limit.refillRate,
  bucket_capacity: limit.capacity,
});

export const accountRoutes = {
  GetAccountApiLimits: (ctx: RouteContext): RouteResult => {
    const { exchange } = ctx;
    const tier = accountTier(exchange, ctx.userId);
    // The configured tier is not a grant (the recorded Basic account had none); an upgrade through the API is one,
    // permanent (no expires_ts) and manual, and the limiter meters the account at the tier reported here.
    const granted = hasAdvancedGrant(exchange, ctx.userId);
    return {
      status: 200,
      body: {
        usage_tier: tier.name,
        read: bucket(tier.limits.read),
        write: bucket(tier.limits.write),
        grants: granted ? [{ exchange_instance: 'event_contract', level: 'advanced', source: 'manual' }] : [],
      },
    };
  },

  /** Spec: granted when at least 1 of the user's last 100 orders was created through the API (all of the mock's are). */
  UpgradeAccountApiUsageLevel: ({ exchange, userId }: RouteContext): RouteResult => {
    const user = userId ?? '';
    const orders = [...exchange.orders.values()].filter((o) => o.userId === user);
    if (orders.length === 0) throw forbidden('no API-created order in the last 100 orders');
    grantAdvanced(exchange, user);
    return { status: 201, body: undefined };
  },

  /** The user's contracts traded over the trailing 30 days of the exchange clock, against each tier's goal. */
  GetAccountApiUsageLevelVolumeProgress: ({ exchange, userId }: RouteContext): RouteResult => {
    const now = exchange.now();
    let volume = 0;
    for (const fill of exchange.fills)
      if (fill.userId === userId && fill.time > now - 30 * DAY_MS) volume += fill.count;
    return {
      status: 200,
      body: {
        volume_progress: [
          {
            computed_ts: Math.floor(now / 1000),
            trailing_30d_volume_fp: formatCount(volume),
            goals: VOLUME_GOALS.map(([level, goal]) => ({
              level,
              earn_volume_goal_fp: formatCount(goal * 100),
              keep_volume_goal_fp: formatCount((goal / 2) * 100),
            })),
          },
        ],
      },
    };
  },

  GetAccountEndpointCosts: (): RouteResult => ({
    status: 200,
    body: {
      default_cost: DEFAULT_TOKEN_COST,
      // As Kalshi's recorded answer writes them (notes §8.1, FX `account__endpoint_costs`): the full route with
      // `:name` path parameters (`/trade-api/v2/portfolio/events/orders/:order_id`), sorted by path, then method.
      endpoint_costs: Object.entries(ENDPOINT_COSTS)
        .flatMap(([operationId, cost]) => {
          const route = routeOf(operationId);
          return route
            ? [{ method: route[0], path: `/trade-api/v2${route[1].replace(/\{(\w+)\}/g, ':$1')}`, cost }]
            : [];
        })
        .sort((a, b) => (a.path === b.path ? compare(a.method, b.method) : compare(a.path, b.path))),
    },
  }),

  GetPortfolioRestingOrderTotalValue: (ctx: RouteContext): RouteResult => {
    // A restricted key counts only its subaccount's orders, as GetOrders lists them (keyMayRead; tester S, S-D5).
    let locked = 0;
    for (const order of ctx.exchange.orders.values())
      if (order.userId === ctx.userId && order.status === 'resting' && keyMayRead(ctx.keySubaccount, order.subaccount))
        locked += order.locked;
    return {
      status: 200,
      body: {
        total_resting_order_value: Math.trunc(locked / 10_000),
        resting_order_value_breakdown: [{ exchange_index: 0, balance: dollars(floorToBalancePrecision(locked)) }],
      },
    };
  },

  /**
   * User data is read straight from the engine: as of now. While stale-read faults can fire, reads show the state of
   * up to their longest lag ago, and so does this: a bot waiting for as_of_time ≥ a stream event's time then reads it.
   */
  GetUserDataTimestamp: ({ exchange, userDataLagMs = 0 }: RouteContext): RouteResult => ({
    status: 200,
    body: { as_of_time: iso(exchange.now() - userDataLagMs) },
  }),
};
