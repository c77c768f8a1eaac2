import { expectTypeOf, it } from 'vitest';
import type {
  Channel,
  KalshiStream,
  StreamGap,
  StreamMessage,
  StreamSchemas,
  Subscription,
  SubscriptionMessage,
} from '../../src/ws';

declare const stream: KalshiStream;

// A subscription's messages are typed by its channels, from the AsyncAPI spec's channel message lists: `ticker`
// carries `tickerPayload`; `orderbook_delta` carries `orderbookSnapshotPayload` and `orderbookDeltaPayload`; `fill`
// carries `fillPayload` (kalshi-asyncapi.yaml, channels). Every iterator may also yield the client's gap notice.
it('types a subscription by the channels it was opened with', () => {
  const typed = async () => {
    const ticker = await stream.subscribe({ channels: ['ticker'], market_tickers: ['T'] });
    expectTypeOf(ticker).toEqualTypeOf<Subscription<'ticker'>>();
    for await (const message of ticker) {
      expectTypeOf(message).toEqualTypeOf<StreamSchemas['tickerPayload'] | StreamGap>();
      // @ts-expect-error a ticker subscription never yields fills
      if (message.type === 'fill') return;
      if (message.type === 'ticker') expectTypeOf(message.msg.market_ticker).toBeString();
    }

    const books = await stream.subscribe({ channels: ['orderbook_delta', 'fill'], market_tickers: ['T'] });
    expectTypeOf(books.channels).toEqualTypeOf<readonly ('orderbook_delta' | 'fill')[]>();
    for await (const message of books) {
      expectTypeOf(message).toEqualTypeOf<
        | StreamSchemas['orderbookSnapshotPayload']
        | StreamSchemas['orderbookDeltaPayload']
        | StreamSchemas['fillPayload']
        | StreamGap
      >();
    }

    // Channels known only at run time: every channel's messages.
    const some: Channel[] = ['trade'];
    const any = await stream.subscribe({ channels: some });
    expectTypeOf(any).toEqualTypeOf<Subscription<Channel>>();
    // A typed subscription is still a Subscription, and its messages still StreamMessages.
    expectTypeOf(ticker).toMatchTypeOf<Subscription>();
    expectTypeOf<SubscriptionMessage>().toMatchTypeOf<StreamMessage>();
    // Command replies and errors are never a subscription's messages.
    expectTypeOf<Extract<SubscriptionMessage, { type: 'subscribed' | 'error' | 'ok' }>>().toBeNever();

    // @ts-expect-error not a channel
    await stream.subscribe({ channels: ['orderbook'] });
  };
  expectTypeOf(typed).toBeFunction();
});
