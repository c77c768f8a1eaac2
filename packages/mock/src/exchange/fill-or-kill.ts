// Fill-or-kill (kalshi-api-notes §5.7): all-or-nothing, decided before the match does anything. The match is played
// out on paper first, with everything that can cut it short: the user's own resting order (self-trade prevention)
// and order groups triggering on a member fill (§5.14), which cancels the maker group's orders further down the
// book, or the taker itself when its own group triggers.
import type { ExchangeModel } from './model';
import { groupRoom } from './order-groups';
import type { OrderState } from './types';

/**
 * Whether a fill-or-kill order goes ahead: only if the match would fill it whole, unless it meets the user's own
 * resting order first; then it is treated as immediate-or-cancel and self-trade prevention decides (fills before
 * that stand; notes §5.7, §5.8). A group caps what its members match (order-groups.ts): the taker's own group must
 * have room for the whole order, and a maker's group lets its orders fill only up to the room it has left (then it
 * triggers and cancels the rest of them). How Kalshi orders a group trigger inside one match is not documented; the
 * mock plays the match as matching.ts `match` does.
 */
export function fillsWhole(
  model: ExchangeModel,
  taker: Pick<OrderState, 'userId' | 'orderGroupId'>,
  crossing: readonly OrderState[],
  count: number,
): boolean {
  if (groupRoom(model, taker) < count) return false; // its own group would stop it part-filled
  /** Room left in each maker group as the match goes on. */
  const rooms = new Map<string, number>();
  let remaining = count;
  for (const maker of crossing) {
    if (maker.userId === taker.userId) return true;
    const groupId = maker.orderGroupId;
    const room = groupId === undefined ? Number.POSITIVE_INFINITY : (rooms.get(groupId) ?? groupRoom(model, maker));
    const fill = Math.min(remaining, maker.remainingCount, room);
    if (groupId !== undefined) rooms.set(groupId, room - fill);
    remaining -= fill;
    if (remaining === 0) return true;
  }
  return false;
}
