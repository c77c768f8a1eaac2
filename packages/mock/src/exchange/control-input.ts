// What the exchange's control methods (`setBalance`, `setMarketStatus`, `determineMarket`, `setOrderbook`, `schedule`,
// `addApiKey`) take: input the REST API and the stream could not serve later, or that the exchange clock would undo at
// its next step, is refused when it is given, before anything changes, with the ControlInputError `addMarket`,
// `faults.add` and the control routes use (the notes are silent: the mock's API).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { formatDollars } from '../generated/fixed-point';
import { resolveRef, spec } from '../schema/spec';
import { ControlInputError } from '../shared/control-schema';
import { checkKnownKeys, checkOptionsObject } from '../shared/options';
import { available, HOUSE_USER } from './accounts';
import { crossedLevels, MAX_BOOK_COUNT, ONE_DOLLAR, repeatedLevel } from './book';
import { restingCollateral } from './collateral';
import { BALANCE_PRECISION } from './fee-rounding';
import { assertWhole, quoted, STATUSES } from './market-input';
import type { ExchangeModel } from './model';
import type { NewOrder } from './orders';
import { marketGrid, onGrid } from './price-grid';
import { MAX_TIMESTAMP_MS } from './timestamps';
import type { MarketState, MarketStatus } from './types';

/** The listed market `ticker` names; ControlInputError with status 404 naming it when there is none. */
export function knownMarket(model: ExchangeModel, ticker: unknown): MarketState {
  if (typeof ticker !== 'string') throw new ControlInputError('ticker', `must be a string, got ${quoted(ticker)}`);
  const market = model.markets.get(ticker);
  if (!market) throw new ControlInputError('ticker', `no market ${quoted(ticker)}`, 404);
  return market;
}

/**
 * A user id and a cash balance in micro-dollars (a whole number ≥ 0) on $0.0001: direct members' balances carry
 * $0.0001 precision (kalshi-api-notes §4), and `balance_dollars` shows 4 decimals, so a finer remainder would be spent
 * unseen and keep every later balance off the grid.
 */
export function assertBalance(userId: unknown, cash: unknown): void {
  assertUserId('userId', userId);
  assertWhole('cash', cash, 'a whole number of micro-dollars ≥ 0 (1,000,000 = $1)');
  if ((cash as number) % BALANCE_PRECISION !== 0)
    throw new ControlInputError(
      'cash',
      `${quoted(cash)} is not on $0.0001 (a multiple of 100 micro-dollars): balances carry $0.0001 precision`,
    );
}

function assertUserId(field: string, value: unknown): void {
  if (typeof value !== 'string') throw new ControlInputError(field, `must be a string, got ${quoted(value)}`);
  if (value.trim() === '') throw new ControlInputError(field, 'is empty');
}

/** A status `setMarketStatus` can set: `determined` and `finalized` need the market's result, which it has not. */
export function assertSettableStatus(status: unknown): asserts status is MarketStatus {
  if (!STATUSES.includes(status as string))
    throw new ControlInputError('status', `${quoted(status)} is not one of ${STATUSES.join(', ')}`);
  if (status === 'determined' || status === 'finalized')
    throw new ControlInputError(
      'status',
      `"${status}" needs the market's result: use determineMarket(ticker, result) or settleMarket(ticker, result)`,
    );
}

/**
 * A status the exchange clock leaves as it is (markets.ts `expireAndClose`): `active` or `inactive` only before the
 * market's close time, `initialized` only before its open time; past them its next step would close or open the market
 * again. ControlInputError 409 naming the time otherwise.
 */
export function assertStatusKept(model: ExchangeModel, market: MarketState, status: MarketStatus): void {
  const now = model.now();
  const [field, time, step] =
    status === 'initialized'
      ? (['openTime', market.openTime, 'open'] as const)
      : (['closeTime', market.closeTime, 'close'] as const);
  if ((status === 'initialized' || status === 'active' || status === 'inactive') && time <= now)
    throw new ControlInputError(
      field,
      `${quoted(market.ticker)} is past it (${new Date(time).toISOString()}): the exchange clock would ${step} it ` +
        `again at its next step; list a market with a later ${field} (addMarket) to have one ${status}`,
      409,
    );
}

export function assertResult(result: unknown): asserts result is 'yes' | 'no' | 'scalar' {
  if (result !== 'yes' && result !== 'no' && result !== 'scalar')
    throw new ControlInputError('result', `${quoted(result)} is not one of yes, no, scalar`);
}

/**
 * `setOrderbook`'s market: the house rests its orders where orders rest, on an active market. ControlInputError 409
 * naming it otherwise (a market with its result: lifecycle.ts `assertUndetermined`, checked first).
 */
export function assertActive(market: MarketState): void {
  if (market.status !== 'active')
    throw new ControlInputError(
      'ticker',
      `${quoted(market.ticker)} is ${market.status}: only an active market takes the house's orders`,
      409,
    );
}

/** setOrderbook's sides: another key (`yes_dollars`, `bids`) would be dropped and the book emptied. */
const LEVEL_SIDES = { yes: 1, no: 1 } as const;

/**
 * `setOrderbook`'s levels: `{ yes?, no? }` and no other key, each an array of [price in micro-dollars, count in
 * centi-contracts], each price on the market's grid (a NO bid at q rests as a YES ask at 1 − q), the best YES bid
 * below that ask (book.ts `crossedLevels`, the check a dataset's books get too). `{}` is an empty book.
 */
export function assertLevels(levels: unknown, market: MarketState): void {
  if (typeof levels !== 'object' || levels === null || Array.isArray(levels))
    throw new ControlInputError('levels', `must be { yes?, no? }, got ${quoted(levels)}`);
  checkKnownKeys(levels, LEVEL_SIDES, 'levels.');
  const grid = marketGrid(market);
  for (const side of ['yes', 'no'] as const) {
    const list = (levels as Record<string, unknown>)[side];
    if (list === undefined) continue;
    if (!Array.isArray(list))
      throw new ControlInputError(side, `must be an array of [price, count] levels, got ${quoted(list)}`);
    list.forEach((level: unknown, i) => {
      const field = `${side}[${i}]`;
      if (!Array.isArray(level) || level.length !== 2)
        throw new ControlInputError(field, `must be [price, count], got ${quoted(level)}`);
      const [price, count] = level as unknown[];
      if (!(Number.isSafeInteger(price) && (price as number) > 0 && (price as number) < ONE_DOLLAR))
        throw new ControlInputError(
          field,
          `price ${quoted(price)} is not a price in micro-dollars from 1 to 999,999 (500,000 = $0.50)`,
        );
      if (!onGrid(grid, side === 'yes' ? (price as number) : ONE_DOLLAR - (price as number)))
        throw new ControlInputError(
          field,
          `price ${quoted(price)} is off the market's price grid (${
            market.priceRanges
              ? `its ${market.priceLevelStructure ?? 'price'} ranges`
              : `steps of ${market.tick} micro-dollars`
          })`,
        );
      if (!(Number.isSafeInteger(count) && (count as number) > 0 && (count as number) <= MAX_BOOK_COUNT))
        throw new ControlInputError(
          field,
          `count ${quoted(count)} is not a whole number of centi-contracts from 1 to ${MAX_BOOK_COUNT} (100 = 1 contract)`,
        );
    });
  }
  const { yes = [], no = [] } = levels as { yes?: [number, number][]; no?: [number, number][] };
  for (const [side, list] of [
    ['yes', yes],
    ['no', no],
  ] as const) {
    const repeated = repeatedLevel(list);
    if (repeated)
      throw new ControlInputError(
        `${side}[${repeated[1]}]`,
        `price ${list[repeated[1]]?.[0]} is also the price of ${side}[${repeated[0]}]: a book has one level per price`,
      );
  }
  const crossed = crossedLevels(yes, no);
  if (crossed) {
    const [bid] = yes[crossed.yes] as [number, number];
    const [noBid] = no[crossed.no] as [number, number];
    throw new ControlInputError(
      'levels',
      `yes[${crossed.yes}] at ${bid} is at or above the YES ask of no[${crossed.no}] at ${noBid} ` +
        `(${ONE_DOLLAR} − ${noBid} = ${ONE_DOLLAR - noBid}): the levels cross, and a resting book never does`,
    );
  }
}

export function assertSchedule(at: unknown, run: unknown): void {
  // A fraction of a ms is allowed: the work runs at the next whole ms (the clock reads whole ms).
  if (!(typeof at === 'number' && at >= 0 && at <= MAX_TIMESTAMP_MS))
    throw new ControlInputError('at', `${quoted(at)} is not a time in ms since 1970 (Unix ms) before year 9999`);
  if (typeof run !== 'function') throw new ControlInputError('run', `must be a function, got ${quoted(run)}`);
}

/** `addApiKey`'s key: a key id, an RSA or Ed25519 public key PEM (as `POST /api_keys` takes), an optional user id. */
export function assertApiKey(key: unknown): void {
  if (typeof key !== 'object' || key === null)
    throw new ControlInputError('key', `must be { keyId, publicKeyPem, userId? }, got ${quoted(key)}`);
  const { keyId, publicKeyPem, userId } = key as Record<string, unknown>;
  assertUserId('keyId', keyId);
  let type: string | undefined;
  try {
    type = createPublicKey(publicKeyPem as string).asymmetricKeyType;
  } catch {}
  if (type !== 'rsa' && type !== 'ed25519')
    throw new ControlInputError('publicKeyPem', 'must be an RSA or Ed25519 public key in PEM format');
  if (userId !== undefined) assertUserId('userId', userId);
}

/**
 * A key kept from an earlier run (`{ keyId, privateKey }`: the `credentials` option, a user's, `kalshi-mock serve
 * --keep-key`) with the public half the exchange verifies with; ControlInputError naming `field` otherwise, never
 * quoting the key.
 */
export function keptKey(field: string, key: unknown): { keyId: string; privateKeyPem: string; publicKeyPem: string } {
  if (typeof key !== 'object' || key === null)
    throw new ControlInputError(
      field,
      `must be { keyId, privateKey }, got ${typeof key === 'string' ? 'a string' : quoted(key)}`,
    );
  const { keyId, privateKey } = key as Record<string, unknown>;
  assertUserId(`${field}.keyId`, keyId);
  let parsed: KeyObject | undefined;
  try {
    parsed = createPrivateKey(privateKey as string);
  } catch {}
  if (
    typeof privateKey !== 'string' ||
    (parsed?.asymmetricKeyType !== 'rsa' && parsed?.asymmetricKeyType !== 'ed25519')
  )
    throw new ControlInputError(`${field}.privateKey`, 'must be an RSA or Ed25519 private key in PEM format');
  const publicKeyPem = createPublicKey(parsed).export({ type: 'spki', format: 'pem' }) as string;
  return { keyId: keyId as string, privateKeyPem: privateKey, publicKeyPem };
}

/**
 * `setOrderbook`'s levels are ones the house maker can fund: what its orders at them would hold (collateral.ts) is at
 * most its available cash plus what its orders resting in the market now hold (canceled first). ControlInputError 400
 * naming `levels` otherwise, before anything is canceled.
 */
export function assertHouseFunds(
  model: ExchangeModel,
  market: MarketState,
  levels: {
    readonly yes?: readonly (readonly [number, number])[];
    readonly no?: readonly (readonly [number, number])[];
  },
): void {
  const needed = restingCollateral(model.feesOfMarket(market), { yes: levels.yes ?? [], no: levels.no ?? [] });
  let funds = available(model, HOUSE_USER);
  for (const order of model.book(market.ticker).orders()) if (order.userId === HOUSE_USER) funds += order.locked;
  if (needed > funds)
    throw new ControlInputError(
      'levels',
      `the house maker would hold $${formatDollars(needed, 6)} for them, more than its $${formatDollars(funds, 6)}: ` +
        'smaller counts',
    );
}

/**
 * Cash `setBalance` may set: at least what the user's resting orders hold as collateral (primary account), so the
 * available balance is not negative. ControlInputError 409 naming `cash`, the user and the amount held otherwise.
 */
export function assertCoversCollateral(model: ExchangeModel, userId: string, cash: number): void {
  const held = model.accounts.get(userId)?.locked ?? 0;
  if (cash < held)
    throw new ControlInputError(
      'cash',
      `$${formatDollars(cash, 6)} is less than the $${formatDollars(held, 6)} user ${quoted(userId)} holds as ` +
        'collateral for resting orders (the available balance would be negative): cancel them first, or set at least that',
      409,
    );
}

/** NewOrder's keys: another (`post_only`, `time_in_force`) would be dropped and the order placed without it. */
const NEW_ORDER = {
  ticker: 1,
  side: 1,
  price: 1,
  count: 1,
  timeInForce: 1,
  selfTradePrevention: 1,
  clientOrderId: 1,
  postOnly: 1,
  reduceOnly: 1,
  expirationTime: 1,
  subaccount: 1,
  orderGroupId: 1,
  cancelOnPause: 1,
} as const satisfies Record<keyof NewOrder, 1>;

const requestEnums = new Map<string, readonly string[]>();

/**
 * The values spec CreateOrderV2Request allows `field` (its enum inline, behind a $ref or an allOf of one), read from
 * the spec once: every order of the API and of the activity generator is checked.
 */
function requestEnum(field: string): readonly string[] {
  let values = requestEnums.get(field);
  if (!values) {
    const property = resolveRef(spec.components.schemas.CreateOrderV2Request).properties[field];
    values = (resolveRef(property).enum ?? resolveRef(property.allOf?.[0]).enum) as readonly string[];
    requestEnums.set(field, values);
  }
  return values;
}

/**
 * `exchange.createOrder`'s order, in the engine's terms, checked as the REST route's schema checks CreateOrderV2Request
 * (which requires `side`, `time_in_force` and `self_trade_prevention_type`): its keys, the enums, and the type of each
 * value. Business rules (price grid, count > 0, balance) stay the engine's, answered as Kalshi answers them. The notes
 * are silent (the mock's own API); a YES/NO `side` is the REST legacy shape, not the engine's book side.
 */
export function assertNewOrder(request: unknown): void {
  checkOptionsObject('order', request, NEW_ORDER);
  const order = request as Record<string, unknown>;
  const oneOf = (field: string, values: readonly string[], hint = '') => {
    if (!values.includes(order[field] as string))
      throw new ControlInputError(
        `order.${field}`,
        `${quoted(order[field])} is not one of ${values.join(', ')}${hint}`,
      );
  };
  oneOf('side', requestEnum('side'), ' (the book side: buying YES is a bid, buying NO an ask)');
  oneOf('timeInForce', requestEnum('time_in_force'));
  oneOf('selfTradePrevention', requestEnum('self_trade_prevention_type'));
  if (typeof order.ticker !== 'string')
    throw new ControlInputError('order.ticker', `must be a string, got ${quoted(order.ticker)}`);
  // Numbers only: their range is the engine's business rules (price grid, count > 0, expiry), answered as Kalshi does.
  for (const [field, what] of [
    ['price', 'a YES price in micro-dollars (500,000 = $0.50)'],
    ['count', 'a number of centi-contracts (100 = 1 contract)'],
    ['expirationTime', 'a time in Unix seconds'],
    ['subaccount', 'a subaccount number'],
  ] as const) {
    const value = order[field];
    const optional = field === 'expirationTime' || field === 'subaccount';
    if (!(optional && value === undefined) && (typeof value !== 'number' || Number.isNaN(value)))
      throw new ControlInputError(`order.${field}`, `${quoted(value)} is not ${what}`);
  }
  assertCentiContracts('order.count', order.count);
  for (const field of ['postOnly', 'reduceOnly', 'cancelOnPause'] as const)
    if (order[field] !== undefined && typeof order[field] !== 'boolean')
      throw new ControlInputError(`order.${field}`, `${quoted(order[field])} is not true or false`);
  for (const field of ['clientOrderId', 'orderGroupId'] as const)
    if (order[field] !== undefined && typeof order[field] !== 'string')
      throw new ControlInputError(`order.${field}`, `must be a string, got ${quoted(order[field])}`);
}

/**
 * A size the engine's own API takes (`order.count`, an amend's `change.count`, a decrease's `by.reduceTo`/`by.reduceBy`):
 * whole centi-contracts, as every REST count arrives (notes §4: 0.01-contract granularity). A fraction of one, NaN or
 * Infinity is no size the route could send: refused naming the argument, before anything changes. Its range (above 0,
 * within what remains) stays the engine's business rule, answered as Kalshi answers it.
 */
export function assertCentiContracts(field: string, value: unknown): void {
  if (!Number.isSafeInteger(value))
    throw new ControlInputError(field, `${quoted(value)} is not a number of centi-contracts (100 = 1 contract)`);
}
