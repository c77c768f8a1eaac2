// Fill-or-kill (kalshi-api-notes §5.7): all-or-nothing, decided before the match does anything. The match is played
// out on paper first, with everything that can cut it short: the user's own resting order (self-trade prevention)
// and order groups triggering on a member fill (§5.14), which cancels the maker group's orders further down the
// book, or the taker itself when its own group triggers.
import type { ExchangeModel } from './model';
import { windowTotal } from './order-groups';
import type { OrderState } from './types';

/**
 * Whether a fill-or-kill order goes ahead: only if the match would fill it whole, unless it meets the user's own
 * resting order first; then it is treated as immediate-or-cancel and self-trade prevention decides (fills before
 * that stand; notes §5.7, §5.8). How Kalshi orders a group trigger inside one match is not documented; the mock
 * counts a fill for the maker's group, then the taker's (matching.ts `execute`).
 */
export function fillsWhole(
  model: ExchangeModel,
  taker: Pick<OrderState, 'userId' | 'orderGroupId'>,
  crossing: readonly OrderState[],
  count: number,
): boolean {
  const volumes = new Map<string, number>();
  const triggered = new Set<string>();
  /** Counts a fill for a group; true when it takes the group past its limit (it triggers). */
  const trips = (groupId: string | undefined, fill: number): boolean => {
    const group = groupId === undefined ? undefined : model.orderGroups.get(groupId);
    if (!group || group.triggered || triggered.has(group.id)) return false;
    const volume = (volumes.get(group.id) ?? windowTotal(model, group)) + fill;
    volumes.set(group.id, volume);
    if (volume <= group.limit) return false;
    triggered.add(group.id);
    return true;
  };
  let remaining = count;
  for (const maker of crossing) {
    if (maker.userId === taker.userId) return true;
    if (maker.orderGroupId !== undefined && triggered.has(maker.orderGroupId)) continue; // canceled by its group
    const fill = Math.min(remaining, maker.remainingCount);
    remaining -= fill;
    if (remaining === 0) return true; // whole: a trigger now finds nothing of the taker left to cancel
    trips(maker.orderGroupId, fill);
    if (trips(taker.orderGroupId, fill)) return false; // its own group would cancel it part-filled
  }
  return false;
}
