// Subaccounts (kalshi-api-notes §7; spec 3.31.0 `/portfolio/subaccounts*`): numbered 1–63 beside the primary (0), each
// its own ledger of cash, collateral and positions (accounts.ts `ledger`); cash moves between them by transfer.
import { account, available, ledger, subaccountKey } from './accounts';
import { exchangeError, invalidParameters } from './errors';
import type { ExchangeModel } from './model';
import type { AccountState } from './types';

export const MAX_SUBACCOUNT = 63;

export interface SubaccountTransfer {
  readonly transferId: string;
  /** Absent for a same-shard IntraExchangeInstanceTransfer, which has no idempotency key. */
  readonly clientTransferId?: string;
  readonly from: number;
  readonly to: number;
  readonly amountCents: number;
  /** ms on the exchange clock. */
  readonly time: number;
}

interface UserSubaccounts {
  /** Numbered subaccounts created so far (1, 2, … in order). */
  count: number;
  readonly transfers: SubaccountTransfer[];
  /** Netting setting per subaccount number; absent = enabled. */
  readonly netting: Map<number, boolean>;
}

// Beside the model, cleared with it on reset.
const states = new WeakMap<ExchangeModel, Map<string, UserSubaccounts>>();

function stateOf(model: ExchangeModel, userId: string): UserSubaccounts {
  let users = states.get(model);
  if (!users) {
    const created = new Map<string, UserSubaccounts>();
    model.changes.on((event) => event.type === 'reset' && created.clear());
    states.set(model, created);
    users = created;
  }
  let state = users.get(userId);
  if (!state) {
    state = { count: 0, transfers: [], netting: new Map() };
    users.set(userId, state);
  }
  return state;
}

/** `POST /portfolio/subaccounts`: the next number, with an empty ledger. */
export function createSubaccount(model: ExchangeModel, userId: string): number {
  const state = stateOf(model, userId);
  if (state.count >= MAX_SUBACCOUNT) throw invalidParameters(`at most ${MAX_SUBACCOUNT} subaccounts`);
  const primary = account(model, userId);
  const number = ++state.count;
  const created: AccountState = {
    userId,
    subaccount: number,
    cash: 0,
    locked: 0,
    balanceUpdated: model.now(),
    positions: new Map(),
    // client_order_id is unique per user, across subaccounts.
    clientOrderIds: primary.clientOrderIds,
  };
  model.accounts.set(subaccountKey(userId, number), created);
  return number;
}

/** The primary (0) and every numbered subaccount of a user. */
export function subaccountNumbers(model: ExchangeModel, userId: string): number[] {
  return [0, ...Array.from({ length: stateOf(model, userId).count }, (_, i) => i + 1)];
}

/**
 * `POST /portfolio/subaccounts/transfer` (and a same-shard `POST /portfolio/intra_exchange_instance_transfer`): moves
 * available cash (whole cents) between two of the user's subaccounts. A `client_transfer_id` already used with the
 * same terms returns the first transfer without moving money again (spec: "Unique client-provided transfer ID for
 * idempotency"); used with other terms (amount, from or to) it is refused 409 before anything moves. Kalshi's answer
 * to that is not recorded (notes silent): the mock follows the documented analogue, a reused `client_order_id`
 * (notes §5.6: 409 `order_already_exists`), so a caller never reads a changed request as done. A transfer without an
 * id is always new.
 */
export function transfer(
  model: ExchangeModel,
  userId: string,
  request: { clientTransferId?: string; from: number; to: number; amountCents: number },
  /** The refusal's details when the source holds too little, from what it has available (micro-dollars). */
  shortfall = (available: number) =>
    `amount_cents: ${request.amountCents} is more than subaccount ${request.from} has available ` +
    `(${Math.floor(available / 10_000)} cents)`,
): SubaccountTransfer {
  const state = stateOf(model, userId);
  const done =
    request.clientTransferId !== undefined &&
    state.transfers.find((t) => t.clientTransferId === request.clientTransferId);
  if (done) {
    const { from, to, amountCents } = request;
    if (done.from === from && done.to === to && done.amountCents === amountCents) return done;
    throw exchangeError(
      409,
      'transfer_already_exists',
      'transfer already exists',
      `client_transfer_id: ${request.clientTransferId} was used for ${done.amountCents} cents from subaccount ` +
        `${done.from} to ${done.to}; this request is ${amountCents} cents from ${from} to ${to}`,
    );
  }
  const { from, to, amountCents } = request;
  if (!Number.isInteger(amountCents) || amountCents <= 0)
    throw invalidParameters('amount_cents: must be a positive integer');
  if (from === to) throw invalidParameters('to_subaccount: must differ from from_subaccount');
  const source = ledger(model, userId, from, 'from_subaccount');
  const target = ledger(model, userId, to, 'to_subaccount');
  const amount = amountCents * 10_000;
  // amount_cents is an int64 (spec): one above 2^53 − 1 reaches the mock rounded, but it is more than any balance (the
  // mock's micro-dollar balances stay below 2^53), so it gets the answer any amount above the balance gets, as Kalshi
  // would give it, rather than a refusal of a valid int64. The notes are silent on the case.
  const held = available(model, userId, from);
  if (!Number.isSafeInteger(amountCents) || amount > held)
    throw exchangeError(400, 'insufficient_balance', 'insufficient balance', shortfall(held));
  source.cash -= amount;
  target.cash += amount;
  const now = model.now();
  source.balanceUpdated = now;
  target.balanceUpdated = now;
  const record: SubaccountTransfer = { transferId: model.newId(), ...request, time: now };
  state.transfers.push(record);
  return record;
}

export function transfers(model: ExchangeModel, userId: string): readonly SubaccountTransfer[] {
  return stateOf(model, userId).transfers;
}

/** Balances of every subaccount: available cash, and when it last changed (trade, collateral, transfer, settlement). */
export function balances(
  model: ExchangeModel,
  userId: string,
): { subaccount: number; available: number; updated: number }[] {
  return subaccountNumbers(model, userId).map((n) => ({
    subaccount: n,
    available: available(model, userId, n),
    updated: ledger(model, userId, n).balanceUpdated,
  }));
}

/**
 * The netting setting per subaccount, as set (enabled unless turned off); kept and reported, not applied. The spec
 * says what it governs only in EventData.collateral_return_type: collateral-return netting across an event's markets
 * (`MECNET`, `DIRECNET`) "requires netting to be enabled for the trading account", which the mock does not model.
 * YES against NO within one market is not this setting: a position is one signed `position_fp` per market (spec
 * MarketPosition; notes §5.15), so it always nets (README, "subaccounts").
 */
export function netting(model: ExchangeModel, userId: string): { subaccount: number; enabled: boolean }[] {
  const state = stateOf(model, userId);
  return subaccountNumbers(model, userId).map((n) => ({ subaccount: n, enabled: state.netting.get(n) ?? true }));
}

export function setNetting(model: ExchangeModel, userId: string, subaccount: number, enabled: boolean): void {
  ledger(model, userId, subaccount, 'subaccount_number'); // must exist
  stateOf(model, userId).netting.set(subaccount, enabled);
}
