import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDataset, createKalshiMock, DatasetError, type DatasetFile, type MockUser } from '../../src';
import { loadDatasetFile } from '../../src/node';
import { type As, asUser, ioc, orderBody } from '../accounts/traders';

// Outside tester, round 25 (P1, P2, P5): a dataset's fee terms. Expected fees are the spec's and the notes' formula
// worked by hand (kalshi-api-notes §5.15: taker m × 0.07 × C × P × (1 − P), maker 0.25 × that rate on
// `quadratic_with_maker_fees`, each rounded up to $0.0001; spec Series.fee_type: `quadratic_with_combo_maker_fees` "is
// the same maker-fee structure with a 0.5 maker multiplier instead of 0.25", `flat` "is described by the Specific
// Trading Fees Table", which neither the notes nor the spec give). Event fee overrides: spec EventData
// `fee_type_override` ("When present, takes precedence over the series-level fee for this event's markets") and
// `fee_multiplier_override` ("Paired with fee_type_override").

const NOW = Date.UTC(2026, 11, 1, 15);
const ORDERS = '/portfolio/events/orders';

// biome-ignore lint/suspicious/noExplicitAny: a dataset edited freely to break it
type Loose = Record<string, any>;

/** One series of `feeType` × `multiplier`, one event (with `event` fields added), one active market with no book. */
function dataset(feeType: string, multiplier = 1, event: Loose = {}): DatasetFile {
  return {
    format: 'kalshi-mock-dataset',
    version: 1,
    series: [
      {
        ticker: 'KXFEE',
        title: 'F',
        category: 'Economics',
        frequency: 'daily',
        fee_type: feeType,
        fee_multiplier: multiplier,
      },
    ],
    events: [
      {
        event_ticker: 'KXFEE-26DEC31',
        series_ticker: 'KXFEE',
        title: 'e',
        sub_title: '',
        mutually_exclusive: false,
        ...event,
      },
    ],
    markets: [
      {
        ticker: 'KXFEE-26DEC31-T1',
        event_ticker: 'KXFEE-26DEC31',
        title: 'm',
        yes_sub_title: 'y',
        status: 'active',
        open_time: '2026-11-01T00:00:00Z',
        close_time: '2027-12-31T00:00:00Z',
      },
    ],
  };
}

const TICKER = 'KXFEE-26DEC31-T1';

/** The dataset loaded as a file is, with Alice and Bob ($10,000 each); their calls, signed. */
async function loaded(data: DatasetFile) {
  const file = join(mkdtempSync(join(tmpdir(), 'kalshi-fees-')), 'dataset.json');
  writeFileSync(file, JSON.stringify(data));
  const mock = createKalshiMock({ dataset: await loadDatasetFile(file), now: NOW, users: 2 });
  const [alice, bob] = mock.users as [MockUser, MockUser];
  return { mock, asAlice: await asUser(mock, alice), asBob: await asUser(mock, bob) };
}

/** Alice rests a bid for `count` at `price`, Bob sells into it (IOC): the maker's and the taker's fee_cost. */
async function trade(asAlice: As, asBob: As, price: string, count: string) {
  expect((await asAlice('POST', ORDERS, orderBody(TICKER, 'bid', price, count))).status).toBe(201);
  expect((await asBob('POST', ORDERS, orderBody(TICKER, 'ask', price, count, ioc))).body.fill_count).toBe(
    Number(count).toFixed(2),
  );
  const [made] = (await asAlice('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
  const [taken] = (await asBob('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills;
  return { maker: made.fee_cost as string, taker: taken.fee_cost as string };
}

describe('P1: a combo-maker-fee series from a dataset', () => {
  it('is served back with its fee type as captured', async () => {
    const { asAlice } = await loaded(dataset('quadratic_with_combo_maker_fees'));
    expect((await asAlice('GET', '/series/KXFEE')).body.series).toMatchObject({
      fee_type: 'quadratic_with_combo_maker_fees',
      fee_multiplier: 1,
    });
    const listed = (await asAlice('GET', '/series')).body.series.find((s: Loose) => s.ticker === 'KXFEE');
    expect(listed.fee_type).toBe('quadratic_with_combo_maker_fees');
  });

  it('charges the maker 0.5 × 0.07: 10 at $0.50 is 0.035 × 10 × 0.25 = $0.0875, the taker $0.175', async () => {
    const { asAlice, asBob } = await loaded(dataset('quadratic_with_combo_maker_fees'));
    expect(await trade(asAlice, asBob, '0.5000', '10')).toEqual({ maker: '0.087500', taker: '0.175000' });
  });

  it('with the series multiplier: × 0.5 gives the maker $0.04375 → $0.0438 and the taker $0.0875', async () => {
    const { asAlice, asBob } = await loaded(dataset('quadratic_with_combo_maker_fees', 0.5));
    expect(await trade(asAlice, asBob, '0.5000', '10')).toEqual({ maker: '0.043800', taker: '0.087500' });
  });
});

describe('P2: a flat-fee series is refused at load, naming the file, the series, the field and the fix', () => {
  const message =
    'series[0] (KXFEE): field "fee_type": "flat" is charged by Kalshi\'s Specific Trading Fees Table, which the mock ' +
    'does not have (neither the notes nor the spec give it), so it cannot charge these fees: give the series ' +
    '"fee_type": "quadratic" with a "fee_multiplier" that approximates its fees, or leave the series out';

  it('by checkDataset, createKalshiMock and loadDatasetFile alike', async () => {
    const data = dataset('flat');
    expect(() => checkDataset(data, 'shop.json')).toThrow(`shop.json: ${message}`);
    expect(() => createKalshiMock({ dataset: data, now: NOW })).toThrow(DatasetError);
    expect(() => createKalshiMock({ dataset: data, now: NOW })).toThrow(`dataset: ${message}`);
    const file = join(mkdtempSync(join(tmpdir(), 'kalshi-fees-')), 'dataset.json');
    writeFileSync(file, JSON.stringify(data));
    await expect(loadDatasetFile(file)).rejects.toThrow(`${file}: ${message}`);
  });

  it('an event overriding its fees to flat is refused the same way', () => {
    const data = dataset('quadratic', 1, { fee_type_override: 'flat', fee_multiplier_override: 1 });
    expect(() => checkDataset(data, 'shop.json')).toThrow(
      'shop.json: events[0] (KXFEE-26DEC31): field "fee_type_override": "flat" is charged by Kalshi\'s Specific ' +
        'Trading Fees Table',
    );
  });

  it('the fix the message names loads: quadratic with a multiplier', async () => {
    const { asAlice, asBob } = await loaded(dataset('quadratic', 0.5));
    expect(await trade(asAlice, asBob, '0.5000', '10')).toEqual({ maker: '0.000000', taker: '0.087500' });
  });
});

describe('P5: an event fee override in a dataset', () => {
  it('is applied: a fee-free event (quadratic × 0) of a × 0.5 series charges no fee', async () => {
    const { asAlice, asBob } = await loaded(
      dataset('quadratic', 0.5, { fee_type_override: 'quadratic', fee_multiplier_override: 0 }),
    );
    expect(await trade(asAlice, asBob, '0.5000', '10')).toEqual({ maker: '0.000000', taker: '0.000000' });
    expect((await asAlice('GET', '/portfolio/balance')).body.balance_dollars).toBe('9995.0000'); // 10000 − 5
  });

  it('takes precedence over the series fee type and multiplier: maker fees × 2 on a quadratic series', async () => {
    // Maker 2 × 0.0175 × 10 × 0.25 = $0.0875; taker 2 × 0.07 × 10 × 0.25 = $0.35.
    const { asAlice, asBob } = await loaded(
      dataset('quadratic', 1, { fee_type_override: 'quadratic_with_maker_fees', fee_multiplier_override: 2 }),
    );
    expect(await trade(asAlice, asBob, '0.5000', '10')).toEqual({ maker: '0.087500', taker: '0.350000' });
  });

  it('is served on the event as captured, and left out of an event without one', async () => {
    const { asAlice } = await loaded(
      dataset('quadratic', 0.5, { fee_type_override: 'quadratic_with_combo_maker_fees', fee_multiplier_override: 0 }),
    );
    expect((await asAlice('GET', '/events/KXFEE-26DEC31')).body.event).toMatchObject({
      fee_type_override: 'quadratic_with_combo_maker_fees',
      fee_multiplier_override: 0,
    });
    const plain = await loaded(dataset('quadratic'));
    const event = (await plain.asAlice('GET', '/events/KXFEE-26DEC31')).body.event;
    expect(event).not.toHaveProperty('fee_type_override');
    expect(event).not.toHaveProperty('fee_multiplier_override');
  });

  it('null on both is no override', async () => {
    const { asAlice, asBob } = await loaded(
      dataset('quadratic', 0.5, { fee_type_override: null, fee_multiplier_override: null }),
    );
    expect(await trade(asAlice, asBob, '0.5000', '10')).toEqual({ maker: '0.000000', taker: '0.087500' });
  });

  it.each([
    [{ fee_multiplier_override: 0 }, 'fee_type_override', 'fee_multiplier_override'],
    [{ fee_type_override: 'quadratic', fee_multiplier_override: null }, 'fee_multiplier_override', 'fee_type_override'],
  ])('one field without the other is refused, naming the missing one: %j', (event, missing, given) => {
    expect(() => checkDataset(dataset('quadratic', 1, event), 'shop.json')).toThrow(
      `shop.json: events[0] (KXFEE-26DEC31): field "${missing}": is required with "${given}"`,
    );
  });

  it('a fee type Kalshi does not name, or a negative multiplier, is refused by the schema', () => {
    expect(() =>
      checkDataset(dataset('quadratic', 1, { fee_type_override: 'free', fee_multiplier_override: 0 }), 'shop.json'),
    ).toThrow('shop.json: events[0] (KXFEE-26DEC31): field "fee_type_override" must be equal to one of the allowed');
    expect(() =>
      checkDataset(
        dataset('quadratic', 1, { fee_type_override: 'quadratic', fee_multiplier_override: -1 }),
        'shop.json',
      ),
    ).toThrow('shop.json: events[0] (KXFEE-26DEC31): field "fee_multiplier_override" must be >= 0');
  });
});

// Round 25 (V's D7): a multiplier of 0.00001 loaded as 0 (no fees) and 1.23456 was served as 1.2346. The spec types
// both fields a number and the notes are silent on their precision: a multiplier the mock cannot hold exactly (it
// keeps 4 decimals) is refused at load, naming the file, the record and the field, rather than charged altered.
describe('a fee multiplier with more than 4 decimals', () => {
  it.each([
    [0.00001, '0'],
    [1.23456, '1.2346'],
  ])('%s on a series is refused at load, naming the field and what would be charged', async (multiplier, rounded) => {
    const message =
      `series[0] (KXFEE): field "fee_multiplier": ${multiplier} has more than 4 decimals; the mock holds fee ` +
      `multipliers in steps of 0.0001 and would serve and charge ${rounded}`;
    expect(() => checkDataset(dataset('quadratic', multiplier), 'shop.json')).toThrow(`shop.json: ${message}`);
    expect(() => createKalshiMock({ dataset: dataset('quadratic', multiplier), now: NOW })).toThrow(DatasetError);
  });

  it('as an event override is refused the same way', () => {
    const data = dataset('quadratic', 1, { fee_type_override: 'quadratic', fee_multiplier_override: 0.00001 });
    expect(() => checkDataset(data, 'shop.json')).toThrow(
      'shop.json: events[0] (KXFEE-26DEC31): field "fee_multiplier_override": 0.00001 has more than 4 decimals',
    );
  });

  it('a multiplier with 4 decimals loads and is held exactly (0.0001: one step)', async () => {
    expect(() => checkDataset(dataset('quadratic', 1.2345), 'shop.json')).not.toThrow();
    const mock = createKalshiMock({ dataset: dataset('quadratic', 0.0001), now: NOW });
    expect(mock.exchange.series.get('KXFEE')?.feeMultiplierBp).toBe(1);
  });
});
