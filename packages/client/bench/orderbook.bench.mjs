// Order-book deltas applied per second (one core), raw-message parse + dispatch rate, and memory per market.
import { OrderBook } from '../dist/ws/index.mjs';

const N = 2_000_000;
let seed = 1;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const deltas = Array.from({ length: 4096 }, () => {
  const cents = 1 + Math.floor(random() * 99);
  const size = 1 + Math.floor(random() * 500);
  return {
    price_dollars: `0.${String(cents).padStart(2, '0')}00`,
    delta_fp: `${random() < 0.45 ? '-' : ''}${size}.00`,
    side: random() < 0.5 ? 'yes' : 'no',
  };
});
const raw = deltas.map((msg, i) =>
  JSON.stringify({
    type: 'orderbook_delta',
    sid: 1,
    seq: i + 2,
    msg: { market_ticker: 'KXBENCH-T1', ...msg, ts_ms: 1781159489957 },
  }),
);

function rate(label, fn) {
  fn(200_000); // warm-up
  const start = performance.now();
  fn(N);
  const seconds = (performance.now() - start) / 1000;
  return { label, perSecond: N / seconds };
}

const book = new OrderBook('KXBENCH-T1');
const applied = rate('deltas applied (pre-parsed messages)', (n) => {
  for (let i = 0; i < n; i++) book.applyDelta(deltas[i & 4095]);
});
const dispatched = rate('raw JSON message → parse → dispatch by type → apply', (n) => {
  for (let i = 0; i < n; i++) {
    const message = JSON.parse(raw[i & 4095]);
    if (message.type === 'orderbook_delta') book.applyDelta(message.msg);
  }
});
const withBest = rate('delta + best YES bid/ask read after each', (n) => {
  for (let i = 0; i < n; i++) {
    book.applyDelta(deltas[i & 4095]);
    book.bestYesBid();
    book.bestYesAsk();
  }
});

globalThis.gc?.();
const before = process.memoryUsage().heapUsed;
const books = [];
for (let m = 0; m < 10_000; m++) {
  const b = new OrderBook(`KXMEM-T${m}`);
  const levels = Array.from({ length: 20 }, (_, i) => [`0.${String(10 + i * 2).padStart(2, '0')}00`, '100.00']);
  b.applySnapshot({ yes_dollars_fp: levels, no_dollars_fp: levels });
  books.push(b);
}
globalThis.gc?.();
const perMarket = (process.memoryUsage().heapUsed - before) / books.length;

const f = (v) => Math.round(v).toLocaleString('en-US');
console.log(`## Order book (@org/kalshi-client/ws)

${f(N)} operations per row on one core, exact integer arithmetic (fixed-point strings parsed to micro-dollars and
centi-contracts), 4,096 distinct random deltas over 99 price levels per side.

| what | per second | target |
|---|---|---|
${[applied, dispatched, withBest].map((r) => `| ${r.label} | ${f(r.perSecond)} | ${r === applied ? '≥ 1,000,000' : '—'} |`).join('\n')}

Memory: ${(perMarket / 1024).toFixed(1)} KiB per subscribed market with 20 levels on each side (10,000 books).
`);
