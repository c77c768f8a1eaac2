import { beforeAll, expect, it } from 'vitest';
import { type Harness, harness } from '../helpers';

// GET /events?with_milestones=true: "If true, includes related milestones as a field alongside events" (spec
// GetEvents), GetEventsResponse.milestones "Array of milestones related to the events". The milestones are the ones
// GET /milestones lists with a related event on the page: the default dataset's NBA games have one each.

let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 7 });
});

it('lists the milestones GET /milestones relates to the events of the page', async () => {
  const all = (await h.call('GET', '/milestones?limit=100', undefined, false)).body.milestones;
  const { status, body } = await h.call(
    'GET',
    '/events?with_milestones=true&series_ticker=KXNBAGAME',
    undefined,
    false,
  );
  expect(status).toBe(200);
  const events = new Set(body.events.map((e: { event_ticker: string }) => e.event_ticker));
  expect(events.size).toBeGreaterThan(0);
  const related = all.filter((m: { related_event_tickers: string[] }) =>
    m.related_event_tickers.some((t) => events.has(t)),
  );
  expect(related.length).toBeGreaterThan(0);
  expect(body.milestones).toEqual(related);
});

it('lists none for events without milestones, and leaves the field out unless asked', async () => {
  const weather = await h.call('GET', '/events?with_milestones=true&series_ticker=KXHIGHNY', undefined, false);
  expect(weather.body.milestones).toEqual([]);
  expect((await h.call('GET', '/events?series_ticker=KXNBAGAME', undefined, false)).body).not.toHaveProperty(
    'milestones',
  );
});

// GET /milestones `source_id`: "Filter by source id". The mock's milestones carry no source id (Milestone.source_id
// is left out: "Source id of milestone if available"), so a filter naming one matches none of them; it listed every
// milestone, as if the filter were not there (tester T, round 35).
it('a source_id filter matches none of the milestones, which carry no source id', async () => {
  const all = (await h.call('GET', '/milestones?limit=100', undefined, false)).body.milestones;
  expect(all.length).toBeGreaterThan(0);
  for (const m of all) expect(m).not.toHaveProperty('source_id');
  const filtered = await h.call('GET', '/milestones?limit=100&source_id=sportradar%3Amatch%3A1', undefined, false);
  expect(filtered.status).toBe(200);
  expect(filtered.body.milestones).toEqual([]);
});
