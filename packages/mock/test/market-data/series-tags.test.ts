import { beforeAll, expect, it } from 'vitest';
import { type Harness, harness } from '../helpers';

// A series' tags (spec Series.tags: "the subjects that this series relates to") are the ones GET
// /search/tags_by_categories lists for its category: the mock's default dataset tags KXHIGHNY "Daily temperature" and
// "New York". GET /series takes a `tags` filter (notes §6.6: `GET /series?category&tags&include_volume`); the spec
// gives it no description, so its matching rule for several tags is not documented: a single tag selects the series
// carrying it.

let h: Harness;
beforeAll(async () => {
  h = await harness({ seed: 7 });
});

it('every tag GET /search/tags_by_categories lists is on a series of that category in GET /series', async () => {
  const { body: search } = await h.call('GET', '/search/tags_by_categories', undefined, false);
  const { body } = await h.call('GET', '/series', undefined, false);
  const series: { ticker: string; category: string; tags: string[] | null }[] = body.series;
  for (const [category, tags] of Object.entries(search.tags_by_categories as Record<string, string[]>))
    for (const tag of tags)
      expect(
        series.some((s) => s.category === category && (s.tags ?? []).includes(tag)),
        `${category}: ${tag}`,
      ).toBe(true);
  expect(series.find((s) => s.ticker === 'KXHIGHNY')?.tags).toEqual(['Daily temperature', 'New York']);
});

it('GET /series?tags=<tag> answers the series carrying that tag', async () => {
  const { status, body } = await h.call('GET', `/series?tags=${encodeURIComponent('New York')}`, undefined, false);
  expect(status).toBe(200);
  expect(body.series.map((s: { ticker: string }) => s.ticker)).toEqual(['KXHIGHNY']);
  const single = await h.call('GET', '/series/KXFED', undefined, false);
  expect(single.body.series.tags).toEqual(['Fed', 'Interest rates']);
  const none = await h.call('GET', '/series?tags=Curling', undefined, false);
  expect(none.body.series).toEqual([]);
});
