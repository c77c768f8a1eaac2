// `communications` channel messages (AsyncAPI rfq_created, rfq_deleted, quote_created, quote_accepted,
// quote_executed) for one connection's user. RFQs are broadcast to every subscriber (quoters must see them);
// quote messages go to the two parties only, and quote_executed to each with their own order (AsyncAPI: "Sent to
// both the maker (quote creator) and taker (RFQ creator)... Each user receives their own order details").
import type { Exchange } from '../exchange/exchange';
import {
  type CommunicationsEvent,
  communicationsId,
  contractsFor,
  type QuoteState,
  type RfqState,
  rfqCreatorId,
} from '../exchange/rfqs';
import { stableHash } from '../exchange/rng';
import { formatCount } from '../generated/fixed-point';
import { keyMayRead } from '../http/key-permissions';
import { comboFields, dollars, iso } from '../shared/present';

type Json = Record<string, unknown>;

function rfqFields(exchange: Exchange, rfq: RfqState, viewer: string): Json {
  const eventTicker = exchange.markets.get(rfq.ticker)?.eventTicker;
  return {
    id: rfq.id,
    creator_id: rfqCreatorId(rfq, viewer),
    market_ticker: rfq.ticker,
    ...(eventTicker ? { event_ticker: eventTicker } : {}),
    // One of the two (both optional): an RFQ names a count or a target cost, and the AsyncAPI's target-cost example
    // has no contracts_fp. (REST's RFQ requires contracts_fp, so it shows "0.00" there.)
    ...(rfq.targetCost !== undefined
      ? { target_cost_dollars: dollars(rfq.targetCost) }
      : { contracts_fp: formatCount(rfq.contracts) }),
    ...comboFields(exchange, rfq.ticker),
  };
}

function quoteFields(exchange: Exchange, quote: QuoteState, rfq: RfqState, viewer: string): Json {
  const eventTicker = exchange.markets.get(quote.ticker)?.eventTicker;
  return {
    quote_id: quote.id,
    rfq_id: rfq.id,
    quote_creator_id: communicationsId(quote.userId),
    rfq_creator_id: rfqCreatorId(rfq, viewer),
    market_ticker: quote.ticker,
    ...(eventTicker ? { event_ticker: eventTicker } : {}),
  };
}

/** What one `communications` subscription receives beside the viewer's own events. */
export interface CommunicationsFilter {
  /** The subaccount the key is restricted to: quote messages of that subaccount's RFQs and quotes (keyMayRead). */
  readonly keySubaccount?: number | undefined;
  /** `user_filter: "self"`. */
  readonly ownRfqsOnly?: boolean;
  /**
   * `shard_factor` and `shard_key` ("Optional sharding for fanout control", AsyncAPI): the spec does not say how events
   * are split; here each RFQ and its quotes go to one shard, by a hash of the RFQ id, so that `shard_factor`
   * connections with keys 0…factor − 1 receive every event exactly once. A factor without a key is not split.
   */
  readonly shard?: { readonly factor: number; readonly key: number } | undefined;
}

/** The messages (`[type, msg]`) a communications event sends to `viewer`'s connection. */
export function communicationsMessages(
  exchange: Exchange,
  event: CommunicationsEvent,
  viewer: string,
  { keySubaccount, ownRfqsOnly = false, shard }: CommunicationsFilter = {},
): [string, Json][] {
  if (shard && stableHash(event.rfq.id) % shard.factor !== shard.key) return [];
  if (event.type === 'rfq_created' || event.type === 'rfq_deleted') {
    const { rfq } = event;
    // AsyncAPI communications: 'Set `user_filter: "self"` to receive only RFQs you created.'
    if (ownRfqsOnly && rfq.userId !== viewer) return [];
    const time =
      event.type === 'rfq_created'
        ? { created_ts: iso(rfq.createdTime) }
        : { deleted_ts: iso(rfq.cancelledTime ?? rfq.executedTime ?? exchange.now()) };
    return [[event.type, { ...rfqFields(exchange, rfq, viewer), ...time }]];
  }
  const { quote, rfq } = event;
  const quoter = quote.userId === viewer && keyMayRead(keySubaccount, quote.subaccount);
  const requester = rfq.userId === viewer && keyMayRead(keySubaccount, rfq.subaccount);
  if (!quoter && !requester) return [];
  const base = quoteFields(exchange, quote, rfq, viewer);
  const prices = {
    yes_bid_dollars: dollars(quote.yesBid),
    no_bid_dollars: dollars(quote.noBid),
    yes_contracts_offered_fp: formatCount(quote.noBid ? contractsFor(exchange, rfq, quote, 'yes') : 0),
    no_contracts_offered_fp: formatCount(quote.yesBid ? contractsFor(exchange, rfq, quote, 'no') : 0),
    ...(rfq.targetCost !== undefined ? { rfq_target_cost_dollars: dollars(rfq.targetCost) } : {}),
  };
  // AsyncAPI: "Present only when your side of this quote used a subaccount" (not the primary account, 0).
  const own = quoter ? quote.subaccount : rfq.subaccount;
  const subaccount = own === 0 ? {} : { subaccount: own };
  if (event.type === 'quote_created')
    return [['quote_created', { ...base, ...prices, created_ts: iso(quote.createdTime), ...subaccount }]];
  if (event.type === 'quote_accepted')
    return [
      [
        'quote_accepted',
        {
          ...base,
          ...prices,
          ...(quote.acceptedSide ? { accepted_side: quote.acceptedSide } : {}),
          contracts_accepted_fp: formatCount(quote.acceptedContracts ?? quote.contracts),
          ...subaccount,
        },
      ],
    ];
  const orderId = quoter ? quote.creatorOrderId : quote.rfqCreatorOrderId;
  return [
    [
      'quote_executed',
      {
        ...base,
        order_id: orderId ?? '',
        // RFQ executions place their orders without a client order id.
        client_order_id: '',
        executed_ts: iso(quote.executedTime ?? exchange.now()),
        ...subaccount,
      },
    ],
  ];
}
