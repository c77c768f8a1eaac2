// Queue positions from the book: contracts ahead of each resting order at its level (price-time priority).
import { notFound } from '../exchange/errors';
import { queuePosition } from '../exchange/queue';
import { formatCount } from '../generated/fixed-point';
import { keyMayRead } from './key-permissions';
import type { RouteContext, RouteResult } from './routes';

export const queueRoutes = {
  GetOrderQueuePosition: (ctx: RouteContext): RouteResult => {
    const order = ctx.exchange.orders.get(ctx.params.order_id as string);
    // Unknown, someone else's, another subaccount's for a restricted key or no longer resting: no place in a queue
    // (a 404, as for cancel, notes §5.11).
    if (
      !order ||
      order.userId !== ctx.userId ||
      !keyMayRead(ctx.keySubaccount, order.subaccount) ||
      order.status !== 'resting'
    )
      throw notFound();
    return { status: 200, body: { queue_position_fp: formatCount(queuePosition(ctx.exchange, order)) } };
  },

  GetOrderQueuePositions: (ctx: RouteContext): RouteResult => {
    const { exchange, query } = ctx;
    const tickers = typeof query.market_tickers === 'string' ? query.market_tickers.split(',') : undefined;
    const event = typeof query.event_ticker === 'string' ? query.event_ticker : undefined;
    const subaccount = typeof query.subaccount === 'number' ? query.subaccount : 0;
    const orders = [...exchange.orders.values()].filter(
      (o) =>
        o.userId === ctx.userId &&
        o.status === 'resting' &&
        o.subaccount === subaccount &&
        (!tickers || tickers.includes(o.ticker)) &&
        (!event || exchange.markets.get(o.ticker)?.eventTicker === event),
    );
    return {
      status: 200,
      body: {
        queue_positions: orders.map((o) => ({
          order_id: o.orderId,
          market_ticker: o.ticker,
          queue_position_fp: formatCount(queuePosition(exchange, o)),
        })),
      },
    };
  },
};
