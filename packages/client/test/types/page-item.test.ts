import { expectTypeOf, it } from 'vitest';
import type { components, KalshiClient, PageItem } from '../../src';

type Schemas = components['schemas'];
declare const kalshi: KalshiClient;
declare const eventPosition: Schemas['EventPosition'];

// GetPositions, GetFCMPositions and GetHistoricalPositions answer `market_positions` and `event_positions`; GetEvents
// answers `events` and `milestones`. The cursor pages the first; the item type is that array's item, nothing else.
it('types an item as the paged array’s item, not a union with the page’s other arrays', () => {
  expectTypeOf<PageItem<'/portfolio/positions'>>().toEqualTypeOf<Schemas['MarketPosition']>();
  expectTypeOf<PageItem<'/fcm/positions'>>().toEqualTypeOf<Schemas['MarketPosition']>();
  expectTypeOf<PageItem<'/historical/positions'>>().toEqualTypeOf<Schemas['MarketPosition']>();
  expectTypeOf<PageItem<'/events'>>().toEqualTypeOf<Schemas['EventData']>();
  expectTypeOf<PageItem<'/markets'>>().toEqualTypeOf<Schemas['Market']>();

  const assign = () => {
    // @ts-expect-error an event position is on the pages, never an item
    const item: PageItem<'/portfolio/positions'> = eventPosition;
    return item;
  };
  void assign;
});

it('types the iterator by the item and the pages by the whole response', () => {
  const typed = async () => {
    for await (const position of kalshi.paginate('/portfolio/positions')) {
      expectTypeOf(position).toEqualTypeOf<Schemas['MarketPosition']>();
    }
    for await (const page of kalshi.paginate('/portfolio/positions').pages()) {
      expectTypeOf(page.event_positions).toEqualTypeOf<Schemas['EventPosition'][]>();
    }
  };
  void typed;
});
