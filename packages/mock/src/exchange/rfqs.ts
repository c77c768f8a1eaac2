// Request-for-quote trading (`/communications/*`): RFQs, quotes and block-trade proposals, executed between two
// accounts of one exchange. State lives beside the Exchange (keyed by it) and is dropped on `reset()`.
//
// Roles (AsyncAPI `quote_executed`): the RFQ creator is the taker, the quote creator the maker. A quote carries the
// quoter's own bids: `yes_bid` to buy YES, `no_bid` to buy NO. The spec and the notes do not say which contract
// `accepted_side` names; here it is the side the RFQ creator buys, so accepting `yes` fills the quoter's NO bid
// (the creator pays 1 − no_bid per YES contract) and accepting `no` fills the quoter's YES bid.
// The confirm "starts a timer for order execution" (spec); its length is undocumented: the mock executes at once.
// Each party trades in its own subaccount (the RFQ's, the quote's, the block trade's buyer/seller subaccount): cash,
// collateral and position move there. An execution "places orders on the public book" (Kalshi's RFQ guide), so the
// writes follow the order rules of a pause (notes §5.16; pause.ts pauseRule, applied before the route): refused in a
// trading pause, withdrawals only cancel-like.
// They follow an order's market rules too: refused as a new order is on a market that is not open (orders.ts
// `assertTradable`: 409 `market_closed` past its close, 400 `market_inactive` otherwise), and when trading on a market
// ends (it closes, is determined or settled, or is deactivated) its open RFQs close and their quotes are cancelled, as
// its resting orders are (notes §5.16). The notes are silent on RFQs and quotes at a market's close: the mock ends
// them, so they neither linger in `status=open` lists nor count toward the 100-open-RFQ cap.
import { COUNT_UNITS } from '../generated/fixed-point';
import { ledger } from './accounts';
import { ONE_DOLLAR } from './book';
import { relock, required } from './collateral';
import { exchangeError, forbidden, invalidParameters, notFound } from './errors';
import type { Exchange } from './exchange';
import { netFee } from './fee-rounding';
import { tradingFee } from './fees';
import { orderCost, settleFill } from './ledger';
import { assertAffordable, assertTradable } from './orders';
import { assertOrderWriteAllowed } from './pause';
import { assertOnGrid, marketGrid, onGrid } from './price-grid';
import { recordFills } from './retention';
import { stableUuid } from './rng';
import type { BookSide, FillRecord, OrderState, TradeRecord } from './types';

export interface RfqState {
  readonly id: string;
  readonly userId: string;
  readonly subaccount: number;
  readonly ticker: string;
  /** Centi-contracts. */
  readonly contracts: number;
  /** Micro-dollars, when the RFQ named a target cost. */
  readonly targetCost?: number;
  /** The target cost is principal only (taker fees on top); by default it caps principal plus fees (spec). */
  readonly targetCostExcludesFees: boolean;
  readonly restRemainder: boolean;
  readonly obscureCreator: boolean;
  status: 'open' | 'closed';
  readonly createdTime: number;
  updatedTime: number;
  /** When a quote on it executed (the RFQ then closes). */
  executedTime?: number;
  cancelledTime?: number;
  cancellationReason?: string;
}

export type QuoteStatus = 'open' | 'accepted' | 'confirmed' | 'executed' | 'cancelled';

export interface QuoteState {
  readonly id: string;
  readonly rfqId: string;
  readonly userId: string;
  readonly subaccount: number;
  readonly ticker: string;
  readonly contracts: number;
  /** The quoter's bids, micro-dollars (0 = no bid on that side). */
  readonly yesBid: number;
  readonly noBid: number;
  readonly restRemainder: boolean;
  readonly postOnly: boolean;
  status: QuoteStatus;
  readonly createdTime: number;
  updatedTime: number;
  acceptedSide?: 'yes' | 'no';
  /** Centi-contracts the acceptance fixed (the RFQ's count, or what its target cost buys at the accepted price). */
  acceptedContracts?: number;
  acceptedTime?: number;
  confirmedTime?: number;
  executedTime?: number;
  cancelledTime?: number;
  cancellationReason?: string;
  rfqCreatorOrderId?: string;
  creatorOrderId?: string;
}

export interface BlockTradeProposalState {
  readonly id: string;
  readonly proposerUserId: string;
  readonly buyerUserId: string;
  readonly sellerUserId: string;
  /** The subaccounts the buyer and the seller trade in (`buyer_subaccount`, `seller_subaccount`; default 0). */
  buyerSubaccount: number;
  sellerSubaccount: number;
  readonly ticker: string;
  /** YES price, micro-dollars. */
  readonly price: number;
  readonly count: number;
  readonly makerSide: 'yes' | 'no';
  readonly expirationTime: number;
  /** As stored; what it reads as at a time is proposalStatus's (a pending one expires with the clock). */
  status: 'pending' | 'executed';
  readonly createdTime: number;
  updatedTime: number;
  buyerAcceptedTime?: number;
  sellerAcceptedTime?: number;
  executedTime?: number;
  buyerOrderId?: string;
  sellerOrderId?: string;
}

/** What the `communications` channel reports, in the order it happens. */
export type CommunicationsEvent =
  | { readonly type: 'rfq_created'; readonly rfq: RfqState }
  | { readonly type: 'rfq_deleted'; readonly rfq: RfqState }
  | {
      readonly type: 'quote_created' | 'quote_accepted' | 'quote_executed';
      readonly quote: QuoteState;
      readonly rfq: RfqState;
    };

export class Communications {
  readonly rfqs = new Map<string, RfqState>();
  readonly quotes = new Map<string, QuoteState>();
  readonly proposals = new Map<string, BlockTradeProposalState>();
  private readonly listeners = new Set<(event: CommunicationsEvent) => void>();

  constructor(private readonly exchange: Exchange) {}

  on(listener: (event: CommunicationsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CommunicationsEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  clear(): void {
    this.rfqs.clear();
    this.quotes.clear();
    this.proposals.clear();
  }

  createRfq(
    userId: string,
    request: {
      ticker: string;
      contracts: number;
      targetCost?: number;
      targetCostExcludesFees?: boolean;
      restRemainder: boolean;
      obscureCreator?: boolean;
      replaceExisting?: boolean;
      subaccount?: number;
    },
  ): RfqState {
    const market = this.exchange.market(request.ticker);
    assertTradable(market);
    ledger(this.exchange, userId, request.subaccount); // an unknown subaccount is refused
    if (request.contracts <= 0 && !request.targetCost)
      throw invalidParameters(
        'contracts_fp, contracts, target_cost_dollars or target_cost_centi_cents is required (a zero is none)',
      );
    // Kalshi's RFQ guide: the size is "exactly one of" a count and a target cost. Both kept, the count sized the fill
    // and the target cost, a cap on the spend, was ignored.
    if (request.contracts > 0 && request.targetCost)
      throw invalidParameters('contracts_fp and target_cost_dollars: give one, not both');
    const subaccount = request.subaccount ?? 0;
    const open = [...this.rfqs.values()].filter((r) => r.userId === userId && r.status === 'open');
    // replace_existing ends the open RFQs of the new one's subaccount only: a key restricted to it may not act on
    // another (spec GenerateApiKeyRequest.subaccount), and an unrestricted key's request does no more (the notes are
    // silent; a subaccount is its own positions and cash, notes §7, so another's RFQs are another strategy's).
    const replaced = request.replaceExisting ? open.filter((r) => r.subaccount === subaccount) : [];
    // "You can have a maximum of 100 open RFQs at a time" (spec, CreateRFQ), checked before any is replaced.
    if (open.length - replaced.length >= 100) throw exchangeError(409, 'too_many_open_rfqs', 'too many open rfqs');
    for (const rfq of replaced) this.closeRfq(rfq, 'replaced');
    const now = this.exchange.now();
    const rfq: RfqState = {
      id: this.exchange.newId(),
      userId,
      subaccount,
      ticker: request.ticker,
      contracts: request.contracts,
      targetCost: request.targetCost,
      targetCostExcludesFees: request.targetCostExcludesFees ?? false,
      restRemainder: request.restRemainder,
      obscureCreator: request.obscureCreator ?? false,
      status: 'open',
      createdTime: now,
      updatedTime: now,
    };
    this.rfqs.set(rfq.id, rfq);
    this.emit({ type: 'rfq_created', rfq });
    return rfq;
  }

  /** An RFQ by id; 404 `not_found` naming `rfq_id` when unknown. */
  rfq(id: string): RfqState {
    const rfq = this.rfqs.get(id);
    if (!rfq) throw noRfq(id);
    return rfq;
  }

  /**
   * Trading on `ticker` ended (see the header): its open RFQs close (`rfq_deleted`, `cancellation_reason`
   * `market_closed`, or `market_inactive` when it was deactivated), their open and accepted quotes are cancelled.
   */
  endMarket(ticker: string, status: string): void {
    for (const rfq of this.rfqs.values())
      if (rfq.ticker === ticker && rfq.status === 'open')
        this.closeRfq(rfq, status === 'inactive' ? 'market_inactive' : 'market_closed');
  }

  /** Deletes an open RFQ of the caller (someone else's RFQ reads as unknown). Its open quotes are cancelled. */
  deleteRfq(userId: string, id: string): void {
    const rfq = this.rfqs.get(id);
    if (!rfq || rfq.userId !== userId) throw noRfq(id);
    if (rfq.status !== 'open') throw notFound(`rfq_id: RFQ ${id} is ${rfq.status}`);
    this.closeRfq(rfq, 'deleted');
  }

  private closeRfq(rfq: RfqState, reason: string): void {
    const now = this.exchange.now();
    rfq.status = 'closed';
    rfq.updatedTime = now;
    rfq.cancelledTime = now;
    rfq.cancellationReason = reason;
    this.endLiveQuotes(rfq);
    this.emit({ type: 'rfq_deleted', rfq });
  }

  createQuote(
    userId: string,
    request: {
      rfqId: string;
      yesBid: number;
      noBid: number;
      restRemainder: boolean;
      postOnly?: boolean;
      subaccount?: number;
      /**
       * A restricted API key's subaccount: only its quotes are replaced (such a key may not act on another, spec
       * GenerateApiKeyRequest.subaccount).
       */
      keySubaccount?: number;
    },
  ): QuoteState {
    const rfq = this.rfqs.get(request.rfqId);
    if (!rfq) throw noRfq(request.rfqId);
    // An RFQ its market's close ended answers for the market, as an order there would (the same code for one cause).
    const market = this.exchange.market(rfq.ticker);
    assertTradable(market);
    if (rfq.status !== 'open') throw notFound(`rfq_id: RFQ ${rfq.id} is ${rfq.status}`);
    if (rfq.userId === userId) throw invalidParameters(`rfq_id: ${rfq.id} is your own RFQ`);
    ledger(this.exchange, userId, request.subaccount); // an unknown subaccount is refused
    for (const [field, bid] of [
      ['yes_bid', request.yesBid],
      ['no_bid', request.noBid],
    ] as const) {
      // A bid of zero is no bid on that side; any other is a price on the market's grid, as an order's is.
      if (bid !== 0) assertOnGrid(market, bid, field);
    }
    // Either bid may be zero, not both (Kalshi FIX RFQ docs, Quote 35=S).
    if (request.yesBid === 0 && request.noBid === 0) throw invalidParameters('yes_bid and no_bid cannot both be zero');
    // A newer quote of the same user on the same RFQ replaces the older one (FIX docs: same market, same user).
    const { keySubaccount } = request;
    for (const old of this.quotes.values())
      if (
        old.rfqId === rfq.id &&
        old.userId === userId &&
        old.status === 'open' &&
        (keySubaccount === undefined || old.subaccount === keySubaccount)
      )
        this.cancelQuote(old, 'replaced');
    const now = this.exchange.now();
    const quote: QuoteState = {
      id: this.exchange.newId(),
      rfqId: rfq.id,
      userId,
      subaccount: request.subaccount ?? 0,
      ticker: rfq.ticker,
      contracts: rfq.contracts,
      yesBid: request.yesBid,
      noBid: request.noBid,
      restRemainder: request.restRemainder,
      postOnly: request.postOnly ?? false,
      status: 'open',
      createdTime: now,
      updatedTime: now,
    };
    this.quotes.set(quote.id, quote);
    this.emit({ type: 'quote_created', quote, rfq });
    return quote;
  }

  /** A quote by id, optionally scoped to its RFQ; 404 when either is unknown or the quote is under another RFQ. */
  quote(id: string, rfqId?: string): QuoteState {
    if (rfqId !== undefined) this.rfq(rfqId);
    const quote = this.quotes.get(id);
    if (!quote || (rfqId !== undefined && quote.rfqId !== rfqId)) throw noQuote(id);
    return quote;
  }

  /** The quote's creator withdraws it before execution. */
  deleteQuote(userId: string, id: string, rfqId?: string): void {
    const quote = this.quote(id, rfqId);
    if (quote.userId !== userId) throw noQuote(id);
    if (quote.status !== 'open' && quote.status !== 'accepted')
      throw notFound(`quote_id: quote ${id} is ${quote.status}`);
    this.cancelQuote(quote, 'deleted');
  }

  /** Cancels the RFQ's quotes still open or accepted (`rfq_closed`): it was deleted, replaced or filled. */
  private endLiveQuotes(rfq: RfqState): void {
    for (const quote of this.quotes.values())
      if (quote.rfqId === rfq.id && (quote.status === 'open' || quote.status === 'accepted'))
        this.cancelQuote(quote, 'rfq_closed');
  }

  private cancelQuote(quote: QuoteState, reason: string): void {
    const now = this.exchange.now();
    quote.status = 'cancelled';
    quote.cancelledTime = now;
    quote.updatedTime = now;
    quote.cancellationReason = reason;
  }

  /** The RFQ creator accepts one side of an open quote; the quoter must confirm next. */
  acceptQuote(userId: string, id: string, side: 'yes' | 'no', rfqId?: string): QuoteState {
    const quote = this.quote(id, rfqId);
    const rfq = this.rfq(quote.rfqId);
    if (rfq.userId !== userId) throw noQuote(id);
    assertTradable(this.exchange.market(rfq.ticker));
    if (quote.status !== 'open' || rfq.status !== 'open')
      throw invalidParameters(`quote_id: quote ${id} is ${quote.status}`);
    if ((side === 'yes' ? quote.noBid : quote.yesBid) === 0)
      throw invalidParameters(`accepted_side: quote ${id} has no bid against ${side}`);
    const { creatorSide, price } = terms(quote, side);
    const contracts = contractsFor(this.exchange, rfq, quote, side);
    if (contracts <= 0)
      throw invalidParameters(`accepted_side: at this quote's price the RFQ's target cost buys no contracts`);
    // The same check as at execution (executePair): the creator is the taker, in the RFQ's subaccount.
    const deal = { ticker: rfq.ticker, side: creatorSide, price, count: contracts, isTaker: true };
    assertAffordable(() => required(this.exchange, rfq, deal), this.exchange.available(userId, rfq.subaccount));
    const now = this.exchange.now();
    quote.status = 'accepted';
    quote.acceptedSide = side;
    quote.acceptedContracts = contracts;
    quote.acceptedTime = now;
    quote.updatedTime = now;
    this.emit({ type: 'quote_accepted', quote, rfq });
    return quote;
  }

  /** The quoter confirms an accepted quote: both sides are filled at the quoted price. */
  confirmQuote(userId: string, id: string, rfqId?: string): QuoteState {
    const quote = this.quote(id, rfqId);
    if (quote.userId !== userId) throw noQuote(id);
    assertTradable(this.exchange.market(quote.ticker));
    if (quote.status !== 'accepted' || !quote.acceptedSide)
      throw invalidParameters(`quote_id: quote ${id} is ${quote.status}`);
    const rfq = this.rfq(quote.rfqId);
    // Another quote of the RFQ executed first (the creator accepted two): the RFQ is closed and was filled once.
    if (rfq.status !== 'open') throw invalidParameters(`quote_id: the RFQ ${rfq.id} of quote ${id} is ${rfq.status}`);
    const { creatorSide, price } = terms(quote, quote.acceptedSide);
    const now = this.exchange.now();
    // Executed in the call (its timer's length is undocumented); a refusal there (insufficient_balance) leaves the
    // quote accepted, to be confirmed again (verifier V-D4: it was left `confirmed` for good).
    // quote_executed goes out before the orders' fills: the AsyncAPI has it "correlate subsequent fill messages".
    executePair(
      this.exchange,
      {
        ticker: quote.ticker,
        price,
        count: quote.acceptedContracts ?? quote.contracts,
        taker: { userId: rfq.userId, side: creatorSide, subaccount: rfq.subaccount },
        maker: { userId: quote.userId, side: creatorSide === 'bid' ? 'ask' : 'bid', subaccount: quote.subaccount },
        blockTrade: true,
      },
      (takerOrder, makerOrder) => {
        quote.confirmedTime = now;
        quote.status = 'executed';
        quote.executedTime = now;
        quote.updatedTime = now;
        quote.rfqCreatorOrderId = takerOrder.orderId;
        quote.creatorOrderId = makerOrder.orderId;
        rfq.status = 'closed';
        rfq.updatedTime = now;
        rfq.executedTime = now;
        // The RFQ is filled: its other live quotes end, as when it is deleted.
        this.endLiveQuotes(rfq);
        this.emit({ type: 'quote_executed', quote, rfq });
        // Closed, it is gone for every quoter as a deleted one is: quote messages reach only the two parties, so this
        // is how the others learn it (the notes and the AsyncAPI are silent on which closes send rfq_deleted).
        this.emit({ type: 'rfq_deleted', rfq });
      },
    );
    return quote;
  }

  proposeBlockTrade(
    userId: string,
    request: {
      buyerUserId: string;
      sellerUserId: string;
      ticker: string;
      price: number;
      count: number;
      makerSide: 'yes' | 'no';
      expirationTime: number;
      buyerSubaccount?: number;
      sellerSubaccount?: number;
    },
  ): BlockTradeProposalState {
    const market = this.exchange.market(request.ticker);
    assertTradable(market);
    for (const [field, id] of [
      ['buyer_user_id', request.buyerUserId],
      ['seller_user_id', request.sellerUserId],
    ] as const)
      if (!this.exchange.accounts.has(id)) throw invalidParameters(`${field}: unknown user`);
    if (request.buyerUserId === request.sellerUserId)
      throw invalidParameters('seller_user_id: must differ from buyer_user_id');
    if (userId !== request.buyerUserId && userId !== request.sellerUserId)
      throw forbidden('buyer_user_id, seller_user_id: the proposer must be the buyer or the seller');
    // The proposer's own subaccount must exist; the counterparty's is checked when it accepts (it may name its own).
    const buyer = userId === request.buyerUserId;
    ledger(
      this.exchange,
      userId,
      buyer ? request.buyerSubaccount : request.sellerSubaccount,
      buyer ? 'buyer_subaccount' : 'seller_subaccount',
    );
    if (request.price <= 0 || request.price >= ONE_DOLLAR)
      throw exchangeError(400, 'invalid_price', 'invalid price', 'price_centi_cents must be between 1 and 9999');
    // The spec and the notes are silent on the grid of a block trade's price: refused off the market's grid as an
    // order's or a quote's price is (notes §4), or it printed a trade, last price and candle no order could make.
    if (!onGrid(marketGrid(market), request.price)) {
      const steps = marketGrid(market).map((r) => `${r.start / 100}-${r.end / 100} in steps of ${r.step / 100}`);
      throw exchangeError(
        400,
        'invalid_price',
        'invalid price',
        `price_centi_cents: ${request.price / 100} is not on the market's ${market.priceLevelStructure ?? 'price'} grid (${steps.join(', ')} centi-cents)`,
      );
    }
    const now = this.exchange.now();
    if (request.expirationTime <= now) throw invalidParameters('expiration_ts must be in the future');
    const proposal: BlockTradeProposalState = {
      id: this.exchange.newId(),
      proposerUserId: userId,
      ...request,
      buyerSubaccount: request.buyerSubaccount ?? 0,
      sellerSubaccount: request.sellerSubaccount ?? 0,
      status: 'pending',
      createdTime: now,
      updatedTime: now,
    };
    // The proposer agrees to their own proposal.
    if (userId === request.buyerUserId) proposal.buyerAcceptedTime = now;
    else proposal.sellerAcceptedTime = now;
    this.proposals.set(proposal.id, proposal);
    return proposal;
  }

  /**
   * The counterparty accepts (as `subaccount` when given, AcceptBlockTradeProposalRequest.subaccount; else as the
   * proposal names it); once both have, the block trade executes (buyer buys YES from the seller).
   */
  acceptBlockTrade(userId: string, id: string, subaccount?: number): BlockTradeProposalState {
    const proposal = this.proposals.get(id);
    if (!proposal || (userId !== proposal.buyerUserId && userId !== proposal.sellerUserId)) throw noProposal(id);
    const now = this.exchange.now();
    const status = proposalStatus(proposal, now);
    if (status !== 'pending') throw invalidParameters(`block_trade_proposal_id: proposal ${id} is ${status}`);
    // The proposer agreed by proposing (its side reads accepted from the start); its own accept did nothing but move
    // its side to another subaccount after the counterparty had seen the terms. The spec is silent: refused.
    if (userId === proposal.proposerUserId)
      throw invalidParameters(
        `block_trade_proposal_id: the proposer of ${id} accepted it by proposing; its counterparty accepts it`,
      );
    const asBuyer = userId === proposal.buyerUserId;
    if (subaccount !== undefined) ledger(this.exchange, userId, subaccount); // an unknown subaccount is refused
    // The acceptance is decided here and recorded only once nothing can refuse it: a refused execution
    // (insufficient_balance) leaves the proposal as it was, so the refused party has not agreed to it.
    const buyerSubaccount = asBuyer ? (subaccount ?? proposal.buyerSubaccount) : proposal.buyerSubaccount;
    const sellerSubaccount = asBuyer ? proposal.sellerSubaccount : (subaccount ?? proposal.sellerSubaccount);
    const buyerAccepted = asBuyer || proposal.buyerAcceptedTime !== undefined;
    const sellerAccepted = !asBuyer || proposal.sellerAcceptedTime !== undefined;
    if (buyerAccepted && sellerAccepted) {
      const buyerIsMaker = proposal.makerSide === 'yes';
      const buyer = { userId: proposal.buyerUserId, side: 'bid' as BookSide, subaccount: buyerSubaccount };
      const seller = { userId: proposal.sellerUserId, side: 'ask' as BookSide, subaccount: sellerSubaccount };
      const { takerOrder, makerOrder } = executePair(this.exchange, {
        ticker: proposal.ticker,
        price: proposal.price,
        count: proposal.count,
        taker: buyerIsMaker ? seller : buyer,
        maker: buyerIsMaker ? buyer : seller,
        blockTrade: true,
      });
      proposal.buyerOrderId = (buyerIsMaker ? makerOrder : takerOrder).orderId;
      proposal.sellerOrderId = (buyerIsMaker ? takerOrder : makerOrder).orderId;
      proposal.status = 'executed';
      proposal.executedTime = now;
    }
    proposal.buyerSubaccount = buyerSubaccount;
    proposal.sellerSubaccount = sellerSubaccount;
    if (asBuyer) proposal.buyerAcceptedTime ??= now;
    else proposal.sellerAcceptedTime ??= now;
    proposal.updatedTime = now;
    return proposal;
  }
}

/**
 * 404s naming the path parameter (or body field) that named nothing the caller may act on: someone else's RFQ, quote or
 * proposal reads as unknown, so that the answer tells no more than that.
 */
export const noRfq = (id: string) => notFound(`rfq_id: no RFQ ${id}`);
export const noQuote = (id: string) => notFound(`quote_id: no quote ${id}`);
export const noProposal = (id: string) => notFound(`block_trade_proposal_id: no block trade proposal ${id}`);

/**
 * A proposal's status at `now`: a pending one has expired at its expiration_ts (spec ProposeBlockTrade: "Expiration
 * time of the proposal"), whether or not anyone has tried to accept it since. The list, its `status` filter and an
 * accept all read it here.
 */
export function proposalStatus(p: BlockTradeProposalState, now: number): 'pending' | 'executed' | 'expired' {
  return p.status === 'pending' && p.expirationTime <= now ? 'expired' : p.status;
}

/**
 * Contracts the RFQ creator gets for accepting `side`: the RFQ's count, or for a target-cost RFQ what the target
 * buys at the price paid (1 − the quoter's opposite bid), reduced to leave room for the taker fee unless the RFQ
 * said the target excludes fees (CreateRFQRequest.target_cost_excludes_fees).
 */
export function contractsFor(exchange: Exchange, rfq: RfqState, quote: QuoteState, side: 'yes' | 'no'): number {
  if (rfq.contracts > 0 || rfq.targetCost === undefined) return rfq.contracts;
  const { creatorSide, price } = terms(quote, side);
  const paid = orderCost(creatorSide, price, COUNT_UNITS);
  if (paid <= 0 || paid >= ONE_DOLLAR) return 0;
  const fees = exchange.feesOfMarket(exchange.market(rfq.ticker));
  const within = (count: number) =>
    orderCost(creatorSide, price, count) + (rfq.targetCostExcludesFees ? 0 : tradingFee(fees, count, price, true)) <=
    (rfq.targetCost as number);
  // The largest count within the target: cost and fee only grow with the count, so a binary search finds it (a
  // step-down from target / price took millions of steps for a large target, in every quote read and message).
  let low = 0;
  let high = Math.floor((rfq.targetCost * COUNT_UNITS) / paid) + 1; // + 1: the float division may fall short by one
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (within(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The RFQ creator's book side and the YES execution price for an accepted side (see the header comment). */
function terms(quote: QuoteState, side: 'yes' | 'no'): { creatorSide: BookSide; price: number } {
  return side === 'yes'
    ? { creatorSide: 'bid', price: ONE_DOLLAR - quote.noBid }
    : { creatorSide: 'ask', price: quote.yesBid };
}

interface Party {
  readonly userId: string;
  readonly side: BookSide;
  readonly subaccount: number;
}

/**
 * Fills `count` contracts at YES `price` between a taker and a maker outside the book: one executed order per side,
 * one trade, one fill each, fees by the market's schedule (taker fee on the taker, maker fee where its fee type has
 * one).
 * All-or-nothing: both balances are checked before anything changes. `executed` runs once both sides are applied,
 * before the exchange tells its listeners of the trade, orders, fills and positions.
 */
export function executePair(
  exchange: Exchange,
  deal: { ticker: string; price: number; count: number; taker: Party; maker: Party; blockTrade: boolean },
  executed?: (takerOrder: OrderState, makerOrder: OrderState) => void,
): { takerOrder: OrderState; makerOrder: OrderState; fills: FillRecord[] } {
  assertOrderWriteAllowed(exchange, 'CreateOrderV2'); // an execution places orders (the engine's own guard)
  const market = exchange.market(deal.ticker);
  assertTradable(market);
  const fees = exchange.feesOfMarket(market);
  const parties = [
    [deal.taker, true],
    [deal.maker, false],
  ] as const;
  for (const [party, isTaker] of parties) {
    const side = party.side;
    const need = () =>
      required(exchange, party, { ticker: deal.ticker, side, price: deal.price, count: deal.count, isTaker });
    assertAffordable(need, exchange.available(party.userId, party.subaccount));
  }
  const now = exchange.now();
  const tradeId = exchange.newId();
  const trade: TradeRecord = {
    ...(deal.blockTrade ? { blockTrade: true } : {}),
    tradeId,
    ticker: deal.ticker,
    count: deal.count,
    price: deal.price,
    takerSide: deal.taker.side,
    time: now,
  };
  exchange.trades.push(trade);
  market.lastPrice = deal.price;
  market.lastTradeSize = deal.count;
  market.volume += deal.count;
  const orders: OrderState[] = [];
  const fills: FillRecord[] = [];
  for (const [party, isTaker] of parties) {
    const cost = orderCost(party.side, deal.price, deal.count);
    const tradeFee = tradingFee(fees, deal.count, deal.price, isTaker);
    const order: OrderState = {
      orderId: exchange.newId(),
      userId: party.userId,
      clientOrderId: '',
      ticker: deal.ticker,
      side: party.side,
      price: deal.price,
      initialCount: deal.count,
      fillCount: deal.count,
      remainingCount: 0,
      status: 'executed',
      timeInForce: 'fill_or_kill',
      selfTradePrevention: 'taker_at_cross',
      postOnly: false,
      reduceOnly: false,
      createdTime: now,
      lastUpdateTime: now,
      takerFillCost: isTaker ? cost : 0,
      makerFillCost: isTaker ? 0 : cost,
      takerFees: 0,
      makerFees: 0,
      locked: 0,
      priority: 0,
      subaccount: party.subaccount,
    };
    const fee = netFee(order, cost, tradeFee);
    if (isTaker) order.takerFees = fee;
    else order.makerFees = fee;
    exchange.orders.set(order.orderId, order);
    settleFill(exchange, party.userId, deal.ticker, party.side, deal.count, cost, fee, party.subaccount);
    relock(exchange, party.userId, party.subaccount, deal.ticker);
    const fill: FillRecord = {
      fillId: tradeId, // Kalshi sends trade_id = fill_id (kalshi-api-notes §7), as a book fill has it (matching.ts)
      tradeId,
      orderId: order.orderId,
      userId: party.userId,
      ticker: deal.ticker,
      side: party.side,
      count: deal.count,
      price: deal.price,
      isTaker,
      fee,
      time: now,
    };
    exchange.fills.push(fill);
    orders.push(order);
    fills.push(fill);
  }
  recordFills(exchange, trade, fills);
  executed?.(orders[0] as OrderState, orders[1] as OrderState);
  // Told once both sides are applied: a listener (the stream's `ticker`) reads the market after the trade.
  exchange.changes.emit({ type: 'trade', trade });
  fills.forEach((fill, i) => {
    const order = orders[i] as OrderState;
    exchange.changes.emit({ type: 'order', order });
    exchange.changes.emit({ type: 'fill', fill, order });
    exchange.changes.emit({
      type: 'position',
      userId: order.userId,
      ticker: deal.ticker,
      subaccount: order.subaccount,
    });
  });
  return { takerOrder: orders[0] as OrderState, makerOrder: orders[1] as OrderState, fills };
}

const registry = new WeakMap<Exchange, Communications>();

/** The exchange's RFQ desk, created on first use and emptied whenever the exchange resets. */
export function communications(exchange: Exchange): Communications {
  let desk = registry.get(exchange);
  if (!desk) {
    const created = new Communications(exchange);
    exchange.changes.on((event) => {
      if (event.type === 'reset') created.clear();
      else if (event.type === 'market' && event.status !== 'active') created.endMarket(event.ticker, event.status);
    });
    registry.set(exchange, created);
    desk = created;
  }
  return desk;
}

/** A user's public communications id: stable and anonymous (not the account id). */
export function communicationsId(userId: string): string {
  return stableUuid(`communications:${userId}`).replace(/-/g, '');
}

/**
 * The RFQ creator's communications id as `viewer` sees it: "0" to others while the RFQ obscures its creator, "until
 * successful execution" (spec CreateRFQRequest.obscure_creator_id; "The creator always sees their own ID").
 */
export function rfqCreatorId(rfq: RfqState, viewer: string): string {
  return creatorShown(rfq, viewer) ? communicationsId(rfq.userId) : '0';
}

/**
 * Whether `viewer` may know who created the RFQ (see rfqCreatorId). The creator filters of GET /communications/rfqs
 * and /quotes match an RFQ only then: otherwise a guessed user id, confirmed by the filter, would undo
 * `obscure_creator_id` (the notes are silent on how Kalshi's filters treat an obscured RFQ).
 */
export function creatorShown(rfq: RfqState, viewer: string): boolean {
  return rfq.userId === viewer || !rfq.obscureCreator || rfq.executedTime !== undefined;
}
