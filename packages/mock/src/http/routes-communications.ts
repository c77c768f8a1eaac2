// `/communications/*`: RFQs, quotes and block-trade proposals, from the exchange's RFQ desk (exchange/rfqs.ts).
import { type ExchangeError, forbidden, invalidParameters, marketNotFound } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import {
  type BlockTradeProposalState,
  communications,
  communicationsId,
  contractsFor,
  creatorShown,
  noProposal,
  noQuote,
  noRfq,
  proposalStatus,
  type QuoteState,
  type RfqState,
  rfqCreatorId,
} from '../exchange/rfqs';
import { FixedPointError, formatCount, parseCount } from '../generated/fixed-point';
import { comboFields, dollars, iso } from '../shared/present';
import { keyMayRead, locked } from './key-permissions';
import { arrival, page } from './paginate';
import { fixedPoint, requestDollars } from './request';
import type { RouteContext, RouteResult } from './routes';
import { num, within } from './routes-market-data';

type Json = Record<string, unknown>;
type Route = (ctx: RouteContext) => RouteResult;

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
const noContent: RouteResult = { status: 204 };
const user = (ctx: RouteContext) => ctx.userId as string;
const desk = (ctx: RouteContext) => communications(ctx.exchange);
const isoOpt = (key: string, ms: number | undefined): Json => (ms === undefined ? {} : { [key]: iso(ms) });

/** The request's `market_ticker`, refused under that name when no market has it (the desk's own refusal says `ticker`). */
function marketTicker(ctx: RouteContext): string {
  const ticker = String(ctx.body.market_ticker);
  if (!ctx.exchange.markets.has(ticker)) throw marketNotFound(ticker, 'market_ticker');
  return ticker;
}

/**
 * A subtrader id (spec: "FCM members only"; "" is Go's absent value): the mock's accounts are direct members with no
 * subtraders (its FCM endpoints answer 403), so one named for the caller's own side is refused as the key operations
 * refuse `fcm_subtrader_id` (403), and one named for a counterparty names no subtrader (400). Ignoring it would trade
 * for the caller's own account instead of the one asked for.
 */
function refuseSubtrader(body: Json | undefined, field: string, own = true): void {
  const id = body?.[field];
  if (typeof id !== 'string' || id === '') return;
  if (own) throw forbidden(`${field}: FCM members only`);
  throw invalidParameters(`${field}: no subtrader ${id}`);
}

/** An RFQ as its viewer sees it: private fields only for its creator; an obscured creator (rfqCreatorId). */
export function presentRfq(exchange: Exchange, rfq: RfqState, viewer: string): Json {
  const own = rfq.userId === viewer;
  return {
    id: rfq.id,
    creator_id: rfqCreatorId(rfq, viewer),
    market_ticker: rfq.ticker,
    ...comboFields(exchange, rfq.ticker),
    contracts_fp: formatCount(rfq.contracts),
    ...(rfq.targetCost !== undefined
      ? { target_cost_dollars: dollars(rfq.targetCost), target_cost_excludes_fees: rfq.targetCostExcludesFees }
      : {}),
    status: rfq.status,
    created_ts: iso(rfq.createdTime),
    updated_ts: iso(rfq.updatedTime),
    rest_remainder: rfq.restRemainder,
    ...isoOpt('cancelled_ts', rfq.cancelledTime),
    ...(rfq.cancellationReason ? { cancellation_reason: rfq.cancellationReason } : {}),
    ...(own ? { creator_user_id: rfq.userId, creator_subaccount: rfq.subaccount } : {}),
  };
}

/** A quote as its viewer sees it: each party sees its own user id, order id and subaccount. */
export function presentQuote(exchange: Exchange, quote: QuoteState, rfq: RfqState, viewer: string): Json {
  const quoter = quote.userId === viewer;
  const requester = rfq.userId === viewer;
  return {
    id: quote.id,
    rfq_id: quote.rfqId,
    creator_id: communicationsId(quote.userId),
    rfq_creator_id: rfqCreatorId(rfq, viewer),
    market_ticker: quote.ticker,
    contracts_fp: formatCount(quote.contracts),
    yes_bid_dollars: dollars(quote.yesBid),
    no_bid_dollars: dollars(quote.noBid),
    // Contracts offered per side: what accepting that side would fill (0 where the quote has no bid against it).
    yes_contracts_fp: formatCount(quote.noBid ? contractsFor(exchange, rfq, quote, 'yes') : 0),
    no_contracts_fp: formatCount(quote.yesBid ? contractsFor(exchange, rfq, quote, 'no') : 0),
    created_ts: iso(quote.createdTime),
    updated_ts: iso(quote.updatedTime),
    status: quote.status,
    ...(quote.acceptedSide ? { accepted_side: quote.acceptedSide } : {}),
    ...isoOpt('accepted_ts', quote.acceptedTime),
    ...isoOpt('confirmed_ts', quote.confirmedTime),
    ...isoOpt('executed_ts', quote.executedTime),
    ...isoOpt('cancelled_ts', quote.cancelledTime),
    ...(quote.cancellationReason ? { cancellation_reason: quote.cancellationReason } : {}),
    rest_remainder: quote.restRemainder,
    ...(rfq.targetCost !== undefined
      ? { rfq_target_cost_dollars: dollars(rfq.targetCost), target_cost_excludes_fees: rfq.targetCostExcludesFees }
      : {}),
    ...(quoter
      ? {
          creator_user_id: quote.userId,
          post_only: quote.postOnly,
          creator_subaccount: quote.subaccount,
          ...(quote.creatorOrderId ? { creator_order_id: quote.creatorOrderId } : {}),
        }
      : {}),
    ...(requester
      ? {
          rfq_creator_user_id: rfq.userId,
          rfq_creator_subaccount: rfq.subaccount,
          ...(quote.rfqCreatorOrderId ? { rfq_creator_order_id: quote.rfqCreatorOrderId } : {}),
        }
      : {}),
  };
}

/** A proposal: each party's user and order ids only to that party (spec: "Empty when the user is not the buyer"). */
export function presentProposal(p: BlockTradeProposalState, viewer: string, now: number): Json {
  const buyer = p.buyerUserId === viewer;
  const seller = p.sellerUserId === viewer;
  return {
    id: p.id,
    proposer_user_id: p.proposerUserId,
    buyer_user_id: buyer ? p.buyerUserId : '',
    seller_user_id: seller ? p.sellerUserId : '',
    market_ticker: p.ticker,
    price_centi_cents: p.price / 100,
    centicount: p.count,
    maker_side: p.makerSide,
    expiration_ts: iso(p.expirationTime),
    status: proposalStatus(p, now),
    created_ts: iso(p.createdTime),
    updated_ts: iso(p.updatedTime),
    buyer_accepted: p.buyerAcceptedTime !== undefined,
    seller_accepted: p.sellerAcceptedTime !== undefined,
    ...isoOpt('buyer_accepted_ts', p.buyerAcceptedTime),
    ...isoOpt('seller_accepted_ts', p.sellerAcceptedTime),
    ...isoOpt('executed_ts', p.executedTime),
    ...(buyer && p.buyerOrderId ? { buyer_order_id: p.buyerOrderId } : {}),
    ...(seller && p.sellerOrderId ? { seller_order_id: p.sellerOrderId } : {}),
  };
}

/**
 * A count or cost of an RFQ, which cannot be negative. Zero is left to `createRfq`: in Go a zero is the same as an
 * absent field (these fields are not pointers), and one of the count or the target cost must be given. Kalshi's
 * answer to a negative value is not recorded (the notes are silent): the generic 400 `invalid_parameters` of §3.2.
 */
function notNegative<T extends number | undefined>(value: T, field: string): T {
  if (value !== undefined && value < 0) throw invalidParameters(`${field} must not be negative`);
  return value;
}

/** The RFQ's contract count: `contracts` and `contracts_fp` must agree when both are sent (spec). */
function rfqContracts(body: Json): number {
  // Read as the string field is, so it is bounded alike (past Number.MAX_SAFE_INTEGER units no list could write it).
  const whole =
    typeof body.contracts === 'number'
      ? notNegative(parseCount(String(body.contracts), 'contracts'), 'contracts')
      : undefined;
  const fp =
    body.contracts_fp === undefined
      ? undefined
      : notNegative(parseCount(body.contracts_fp, 'contracts_fp'), 'contracts_fp');
  if (whole !== undefined && fp !== undefined && whole !== fp)
    throw invalidParameters('contracts and contracts_fp must match');
  return fp ?? whole ?? 0;
}

/** The RFQ's target cost in micro-dollars, from `target_cost_dollars` or the deprecated centi-cents field. */
function rfqTargetCost(body: Json): number | undefined {
  if (body.target_cost_dollars !== undefined)
    return notNegative(requestDollars(body.target_cost_dollars, 'target_cost_dollars'), 'target_cost_dollars');
  if (typeof body.target_cost_centi_cents === 'number') {
    // A centi-cent is 100 micro-dollars; bounded as target_cost_dollars is (safe integer units).
    const micro = notNegative(body.target_cost_centi_cents, 'target_cost_centi_cents') * 100;
    if (!Number.isSafeInteger(micro))
      throw new FixedPointError('target_cost_centi_cents', `${body.target_cost_centi_cents} is too large`);
    return micro;
  }
  return undefined;
}

/**
 * A proposal's `centicount` (int64, minimum 1, spec): bounded as an RFQ's count is (safe integer units), past which it
 * has no exact value here and no balance could pay for it (2^60 was taken).
 */
function centicount(value: unknown): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count)) throw new FixedPointError('centicount', `${String(value)} is too large`);
  return count;
}

function quoteOf(ctx: RouteContext): QuoteState {
  return desk(ctx).quote(ctx.params.quote_id as string, ctx.params.rfq_id);
}

/**
 * Quotes are private: a viewer sees the ones they made and the ones answering their RFQs, in the subaccount a
 * restricted key is locked to (keyMayRead). One rule for the list and the reads by id.
 */
function mayView(ctx: RouteContext, quote: QuoteState, rfq: { userId: string; subaccount: number }): boolean {
  const mine = (userId: string, subaccount: number) =>
    userId === user(ctx) && keyMayRead(ctx.keySubaccount, subaccount);
  return mine(quote.userId, quote.subaccount) || mine(rfq.userId, rfq.subaccount);
}

function visibleQuote(ctx: RouteContext): Json {
  const quote = quoteOf(ctx);
  const rfq = desk(ctx).rfq(quote.rfqId);
  if (!mayView(ctx, quote, rfq)) throw noQuote(quote.id);
  return { quote: presentQuote(ctx.exchange, quote, rfq, user(ctx)) };
}

/**
 * A write to an RFQ or quote of the caller's `subaccount`: a key restricted to another one "may only read and trade on
 * that sub-account" (spec GenerateApiKeyRequest.subaccount), so it gets the 404 a cancel of another subaccount's
 * order gets (routes.ts), and nothing changes.
 */
function assertKeyMayWrite(ctx: RouteContext, subaccount: number | undefined, refusal: ExchangeError): void {
  // An unknown object is left to the desk, which answers for it (a pause was refused before the route, pause.ts).
  if (subaccount !== undefined && !keyMayRead(ctx.keySubaccount, subaccount)) throw refusal;
}

/**
 * The subaccount the viewer's side of a block-trade proposal trades in, once fixed: the proposer's at proposal, the
 * counterparty's when it accepts (AcceptBlockTradeProposalRequest.subaccount "to accept as"); undefined before (any of
 * its keys may accept it, as its own subaccount) and for a non-party.
 */
function proposalSubaccount(p: BlockTradeProposalState, viewer: string): number | undefined {
  if (p.buyerUserId === viewer && p.buyerAcceptedTime !== undefined) return p.buyerSubaccount;
  if (p.sellerUserId === viewer && p.sellerAcceptedTime !== undefined) return p.sellerSubaccount;
  return undefined;
}

/** Whether the caller's key may read and act on a proposal: one whose side is in another subaccount is not its own. */
function mayViewProposal(ctx: RouteContext, p: BlockTradeProposalState): boolean {
  const subaccount = proposalSubaccount(p, user(ctx));
  return subaccount === undefined || keyMayRead(ctx.keySubaccount, subaccount);
}

const storedQuote = (ctx: RouteContext) => desk(ctx).quotes.get(ctx.params.quote_id as string);

const acceptQuote: Route = (ctx) => {
  // The RFQ creator accepts, trading in the RFQ's subaccount.
  const quote = storedQuote(ctx);
  assertKeyMayWrite(ctx, quote && desk(ctx).rfqs.get(quote.rfqId)?.subaccount, noQuote(ctx.params.quote_id as string));
  desk(ctx).acceptQuote(user(ctx), ctx.params.quote_id as string, ctx.body.accepted_side, ctx.params.rfq_id);
  return noContent;
};
const confirmQuote: Route = (ctx) => {
  assertKeyMayWrite(ctx, storedQuote(ctx)?.subaccount, noQuote(ctx.params.quote_id as string));
  desk(ctx).confirmQuote(user(ctx), ctx.params.quote_id as string, ctx.params.rfq_id);
  return noContent;
};
const deleteQuote: Route = (ctx) => {
  assertKeyMayWrite(ctx, storedQuote(ctx)?.subaccount, noQuote(ctx.params.quote_id as string));
  desk(ctx).deleteQuote(user(ctx), ctx.params.quote_id as string, ctx.params.rfq_id);
  return noContent;
};

export const communicationsRoutes: Record<string, Route> = {
  GetCommunicationsID: (ctx) => ok({ communications_id: communicationsId(user(ctx)) }),

  CreateRFQ: (ctx) => {
    const { body } = ctx;
    refuseSubtrader(body, 'subtrader_id');
    const rfq = desk(ctx).createRfq(user(ctx), {
      ticker: marketTicker(ctx),
      contracts: rfqContracts(body),
      targetCost: rfqTargetCost(body),
      targetCostExcludesFees: body.target_cost_excludes_fees === true,
      restRemainder: body.rest_remainder === true,
      obscureCreator: body.obscure_creator_id === true,
      replaceExisting: body.replace_existing === true,
      // A restricted key's request names its subaccount (scopedToKey), so replace_existing stays within it.
      subaccount: typeof body.subaccount === 'number' ? body.subaccount : 0,
    });
    return ok({ id: rfq.id }, 201);
  },

  GetRFQs: (ctx) => {
    const { query, exchange } = ctx;
    const self = query.user_filter === 'self';
    const rfqs = [...desk(ctx).rfqs.values()]
      .filter(
        (r) =>
          (!self || r.userId === user(ctx)) &&
          (!query.status || r.status === query.status) &&
          (!query.market_ticker || r.ticker === query.market_ticker) &&
          (!query.event_ticker || exchange.markets.get(r.ticker)?.eventTicker === query.event_ticker) &&
          (!query.creator_user_id || (r.userId === query.creator_user_id && creatorShown(r, user(ctx)))) &&
          // The caller's subaccount: it narrows the caller's own RFQs only. Another user's subaccount is private
          // (spec RFQ.creator_subaccount: "visible when the caller is the RFQ creator"), so it selects nothing.
          (typeof query.subaccount !== 'number' || r.userId !== user(ctx) || r.subaccount === query.subaccount),
      )
      .reverse();
    const rfqSeq = arrival(desk(ctx).rfqs.keys());
    const { items, cursor } = page(rfqs, query, { list: 'rfqs', key: (r) => [rfqSeq(r.id)], direction: 'desc' });
    return ok({ rfqs: items.map((r) => presentRfq(ctx.exchange, r, user(ctx))), cursor });
  },

  GetRFQ: (ctx) => {
    const rfq = desk(ctx).rfq(ctx.params.rfq_id as string);
    // The caller's own RFQ of another subaccount than its key's: left out of the list (its `subaccount` is the key's),
    // and 404 here as another subaccount's quote is (mayView).
    if (rfq.userId === user(ctx) && !keyMayRead(ctx.keySubaccount, rfq.subaccount)) throw noRfq(rfq.id);
    return ok({ rfq: presentRfq(ctx.exchange, rfq, user(ctx)) });
  },

  DeleteRFQ: (ctx) => {
    const rfqId = ctx.params.rfq_id as string;
    assertKeyMayWrite(ctx, desk(ctx).rfqs.get(rfqId)?.subaccount, noRfq(rfqId));
    desk(ctx).deleteRfq(user(ctx), rfqId);
    return noContent;
  },

  CreateQuote: (ctx) => {
    const { body } = ctx;
    const quote = desk(ctx).createQuote(user(ctx), {
      rfqId: String(body.rfq_id),
      // Prices as an order's are (2 to 4 decimals, the market's grid): a zero bid, no bid on that side, is "0.00".
      yesBid: fixedPoint(() => requestDollars(body.yes_bid, 'yes_bid'), 'invalid_price'),
      noBid: fixedPoint(() => requestDollars(body.no_bid, 'no_bid'), 'invalid_price'),
      restRemainder: body.rest_remainder === true,
      postOnly: body.post_only === true,
      subaccount: typeof body.subaccount === 'number' ? body.subaccount : 0,
      keySubaccount: ctx.keySubaccount,
    });
    return ok({ id: quote.id }, 201);
  },

  GetQuotes: (ctx) => {
    const { query } = ctx;
    const me = user(ctx);
    const d = desk(ctx);
    const quotes = [...d.quotes.values()]
      .map((q) => [q, d.rfq(q.rfqId)] as const)
      .filter(
        ([q, r]) =>
          mayView(ctx, q, r) &&
          (query.user_filter !== 'self' || q.userId === me) &&
          (query.rfq_user_filter !== 'self' || r.userId === me) &&
          (!query.quote_creator_user_id || q.userId === query.quote_creator_user_id) &&
          (!query.rfq_creator_user_id || (r.userId === query.rfq_creator_user_id && creatorShown(r, me))) &&
          (!query.rfq_id || q.rfqId === query.rfq_id) &&
          // No RFQ was created by a subtrader (refuseSubtrader): a subtrader filter selects none.
          !query.rfq_creator_subtrader_id &&
          (!query.status || q.status === query.status) &&
          within(q.updatedTime, num(query.min_ts), num(query.max_ts)),
      )
      .reverse();
    const quoteSeq = arrival(d.quotes.keys());
    const { items, cursor } = page(quotes, query, {
      list: 'quotes',
      key: ([q]) => [quoteSeq(q.id)],
      direction: 'desc',
      defaultLimit: 500,
    });
    return ok({ quotes: items.map(([q, r]) => presentQuote(ctx.exchange, q, r, me)), cursor });
  },

  GetQuote: (ctx) => ok(visibleQuote(ctx)),
  GetRFQQuote: (ctx) => ok(visibleQuote(ctx)),
  DeleteQuote: deleteQuote,
  DeleteRFQQuote: deleteQuote,
  AcceptQuote: acceptQuote,
  AcceptRFQQuote: acceptQuote,
  ConfirmQuote: confirmQuote,
  ConfirmRFQQuote: confirmQuote,

  GetBlockTradeProposals: (ctx) => {
    const { query } = ctx;
    const me = user(ctx);
    const proposals = [...desk(ctx).proposals.values()]
      .filter(
        (p) =>
          (p.buyerUserId === me || p.sellerUserId === me) &&
          mayViewProposal(ctx, p) &&
          (!query.market_ticker || p.ticker === query.market_ticker) &&
          (!query.status || proposalStatus(p, ctx.exchange.now()) === query.status),
      )
      .reverse();
    const proposalSeq = arrival(desk(ctx).proposals.keys());
    const { items, cursor } = page(proposals, query, {
      list: 'block_trade_proposals',
      key: (p) => [proposalSeq(p.id)],
      direction: 'desc',
    });
    return ok({ block_trade_proposals: items.map((p) => presentProposal(p, me, ctx.exchange.now())), cursor });
  },

  ProposeBlockTrade: (ctx) => {
    const { body } = ctx;
    const expiration = Date.parse(String(body.expiration_ts));
    if (Number.isNaN(expiration)) throw invalidParameters('expiration_ts must be an RFC 3339 time');
    const buyerUserId = String(body.buyer_user_id);
    const sellerUserId = String(body.seller_user_id);
    refuseSubtrader(body, 'buyer_subtrader_id', buyerUserId === user(ctx));
    refuseSubtrader(body, 'seller_subtrader_id', sellerUserId === user(ctx));
    // The proposer trades its side in the subaccount a restricted key is locked to, as an order does (scopedToKey):
    // its own buyer_subaccount or seller_subaccount is that key's subaccount field (omitted: the key's; another: 403).
    const subaccountOf = (userId: string, value: unknown) =>
      ctx.keySubaccount !== undefined && userId === user(ctx)
        ? locked(ctx.keySubaccount, value)
        : typeof value === 'number'
          ? value
          : undefined;
    const proposal = desk(ctx).proposeBlockTrade(user(ctx), {
      buyerUserId,
      sellerUserId,
      ticker: marketTicker(ctx),
      price: Number(body.price_centi_cents) * 100,
      count: centicount(body.centicount),
      makerSide: body.maker_side,
      expirationTime: expiration,
      buyerSubaccount: subaccountOf(buyerUserId, body.buyer_subaccount),
      sellerSubaccount: subaccountOf(sellerUserId, body.seller_subaccount),
    });
    return ok({ block_trade_proposal_id: proposal.id }, 201);
  },

  AcceptBlockTradeProposal: (ctx) => {
    // Accepting again a proposal whose side trades in another subaccount moved that side into the key's.
    const proposal = desk(ctx).proposals.get(ctx.params.block_trade_proposal_id as string);
    if (proposal && !mayViewProposal(ctx, proposal)) throw noProposal(proposal.id);
    refuseSubtrader(ctx.body, 'subtrader_id');
    const subaccount = typeof ctx.body?.subaccount === 'number' ? ctx.body.subaccount : undefined;
    desk(ctx).acceptBlockTrade(user(ctx), ctx.params.block_trade_proposal_id as string, subaccount);
    return noContent;
  },
};
