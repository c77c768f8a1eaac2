import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyAsyncApiChanges } from '../../src';
import { type Doc, specOf } from '../helpers';

// Kalshi's WebSocket spec, changed in one place per case. Commands are what a client sends (a narrowing breaks),
// server messages what it reads (a widening breaks), as for REST requests and responses.
const ASYNCAPI = resolve(import.meta.dirname, '../../../../spec/.cache/kalshi-asyncapi.yaml');
const spec = specOf(ASYNCAPI);
const schemas = (d: Doc) => d.components.schemas;
const lines = (d: Doc) =>
  classifyAsyncApiChanges(spec(), d).map((c) => `${c.severity} ${c.rule} ${c.operation} ${c.location}: ${c.message}`);

describe('classifyAsyncApiChanges', () => {
  it('finds nothing between identical specs', () => {
    expect(classifyAsyncApiChanges(spec(), spec())).toEqual([]);
  });

  it.each<[string, (d: Doc) => void, string[]]>([
    [
      'a channel removed',
      (d) => delete d.channels.pyth_value,
      ['breaking channel-removed channel pyth_value : channel removed'],
    ],
    [
      'a server message loses a required payload field',
      (d) => {
        delete schemas(d).tickerPayload.properties.msg.properties.volume_fp;
        schemas(d).tickerPayload.properties.msg.required = schemas(d).tickerPayload.properties.msg.required.filter(
          (f: string) => f !== 'volume_fp',
        );
      },
      ['breaking property-removed message ticker payload .msg .volume_fp: field removed'],
    ],
    [
      'a command field made required',
      (d) => schemas(d).subscribeCommandPayload.properties.params.required.push('market_ticker'),
      ['breaking property-made-required message subscribeCommand payload .params .market_ticker: field made required'],
    ],
    [
      'a subscribable channel dropped from the subscribe command',
      (d) => {
        const items = schemas(d).subscribeCommandPayload.properties.params.properties.channels.items;
        items.enum = items.enum.filter((c: string) => c !== 'pyth_value');
      },
      [
        'breaking enum-narrowed message subscribeCommand payload .params .channels[]: enum values removed: "pyth_value"',
      ],
    ],
    [
      'a server message type removed',
      (d) => delete d.components.messages.rfqDeleted,
      ['breaking message-type-removed message rfqDeleted : message type removed'],
    ],
    [
      'a server message type added',
      (d) => {
        d.components.messages.tickerV3 = { payload: { $ref: '#/components/schemas/tickerPayload' } };
      },
      [
        'potentially-breaking message-type-added message tickerV3 : message type added (exhaustive switches on `type` need a new case)',
      ],
    ],
    [
      // The command withdrawn from the connection and its operation, its schema left in components.messages.
      'a command no longer listed on its channel nor by its operation',
      (d) => {
        delete d.channels.root.messages.updateSubscriptionCommand;
        delete d.operations.sendUpdateSubscription;
      },
      [
        'breaking command-removed channel root #/components/messages/updateSubscriptionCommand: command no longer listed',
        'breaking command-removed operation sendUpdateSubscription #/channels/root/messages/updateSubscriptionCommand: command no longer listed',
      ],
    ],
    [
      'a server message newly listed on a channel',
      (d) => {
        d.channels.ticker.messages.tickerAgain = { $ref: '#/components/messages/trade' };
      },
      ['potentially-breaking message-type-added channel ticker #/components/messages/trade: message type now listed'],
    ],
    [
      "an operation's action flipped",
      (d) => {
        d.operations.sendSubscribe.action = 'send';
      },
      ['potentially-breaking unrecognized-change operation sendSubscribe action: action changed from receive to send'],
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(lines(spec(mutate))).toEqual(expected);
  });
});

// A-D9. classify-asyncapi.ts: a message is identified on the wire by its `cmd`/`type` tag; the component key is a
// name in the document only (the generated asyncapi.ts does not change when it is renamed). The notes are silent on
// Kalshi renaming message keys; the spec is hand-maintained, so a rename with the same tag and payload is no change.
describe('a message component renamed, same wire type and payload', () => {
  const rename = (d: Doc) => {
    d.components.messages.tickerUpdate = d.components.messages.ticker;
    delete d.components.messages.ticker;
    d.channels.ticker.messages = { tickerUpdate: { $ref: '#/components/messages/tickerUpdate' } };
    d.operations.receiveTicker.messages = [{ $ref: '#/channels/ticker/messages/tickerUpdate' }];
  };
  it('is no change', () => {
    expect(lines(spec(rename))).toEqual([]);
  });
  it('its payload is still compared', () => {
    const after = spec((d) => {
      rename(d);
      delete schemas(d).tickerPayload.properties.msg.properties.volume_fp;
    });
    expect(lines(after)).toEqual([
      'breaking property-removed message tickerUpdate payload .msg .volume_fp: field removed',
    ]);
  });
});

// A-D10. The generated asyncapi.ts turns `x-error-codes` into `errorCodes` and its key type `ErrorCode`, and the
// client special-cases code 7 "Unknown subscription ID" on unsubscribe. A code removed narrows `ErrorCode` (a typed
// `case 7:` stops compiling): breaking; a code's name changed: potentially breaking (its meaning may have); a code
// added: safe (the server may now send it; code that reads unknown codes as numbers is unaffected).
describe('the error-code table', () => {
  it('reports codes removed, renamed and added', () => {
    const after = spec((d) => {
      const codes = d['x-error-codes'].codes as { code: number; name: string }[];
      d['x-error-codes'].codes = codes.filter((c) => c.code !== 7);
      const second = d['x-error-codes'].codes.find((c: { code: number }) => c.code === 2);
      second.name = 'Params missing';
      d['x-error-codes'].codes.push({ code: 29, name: 'Session expired', description: 'Re-authenticate' });
    });
    expect(lines(after)).toEqual([
      'potentially-breaking error-code-changed x-error-codes code 2: error code 2 renamed from "Params required" to "Params missing" (check whether its meaning changed)',
      'breaking error-code-removed x-error-codes code 7: error code 7 "Unknown subscription ID" removed (a typed `ErrorCode` no longer has it)',
      'safe error-code-added x-error-codes code 29: error code 29 "Session expired" added',
    ]);
  });
  it('ignores a description edit', () => {
    const after = spec((d) => (d['x-error-codes'].codes[0].description = 'Reworded.'));
    expect(lines(after)).toEqual([]);
  });
});

// A-D6 (round 14). README: servers and "anything no rule covers" are reported, the latter at its JSON pointer. What a
// client's connection or subscription depends on is breaking: the client subscribes with the channel's key (the
// generated `channels`), so a channel at another address refuses it; it exchanges JSON frames. A server moved is
// potentially breaking, as in the REST spec (the client's STREAM_URLS still name the old host).
describe('the rest of the document', () => {
  it.each<[string, (d: Doc) => void, string[]]>([
    [
      'the production host moved',
      (d) => (d.servers.production.host = 'ws.elsewhere.kalshi.com'),
      [
        'potentially-breaking server-removed servers servers: server wss://external-api-ws.kalshi.com/trade-api/ws/v2 removed: use wss://ws.elsewhere.kalshi.com/trade-api/ws/v2',
        'safe server-added servers servers: server wss://ws.elsewhere.kalshi.com/trade-api/ws/v2 added',
      ],
    ],
    [
      'a channel at another address',
      (d) => (d.channels.ticker.address = 'ticker_v2'),
      [
        'breaking channel-address-changed channel ticker address: address changed from "ticker" to "ticker_v2" (the client subscribes to "ticker")',
      ],
    ],
    [
      'a security scheme changed',
      (d) => (d.components.securitySchemes.apiKey = { type: 'httpApiKey', in: 'header', name: 'X-Other' }),
      [
        'potentially-breaking security-scheme-changed * components.securitySchemes.apiKey: security scheme changed (header name, type or location)',
      ],
    ],
    [
      'a message in another content type',
      (d) => (d.components.messages.ticker.contentType = 'application/msgpack'),
      [
        'breaking content-type-changed message ticker contentType: content type changed from application/json to application/msgpack (the client exchanges JSON)',
      ],
    ],
    [
      "a channel's WebSocket binding (no rule: listed at its pointer)",
      (d) => (d.channels.root.bindings.ws.method = 'POST'),
      [
        'potentially-breaking unrecognized-change channel root /channels/root/bindings/ws/method: changed from "GET" to "POST" (no rule for it: check it by hand)',
      ],
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(lines(spec(mutate))).toEqual(expected);
  });

  it('lists every change no rule covers, next to ruled ones', () => {
    const after = spec((d) => {
      d.channels.root.bindings.ws.method = 'POST';
      d.operations.sendSubscribe.reply = { channel: { $ref: '#/channels/root' } };
      delete d.channels.pyth_value;
    });
    expect(lines(after).map((line) => line.split(':')[0])).toEqual([
      'breaking channel-removed channel pyth_value ',
      'potentially-breaking unrecognized-change channel root /channels/root/bindings/ws/method',
      'potentially-breaking unrecognized-change operation sendSubscribe /operations/sendSubscribe/reply',
    ]);
  });
});

// The generated asyncapi.ts exports the schemas (`Schemas`): one no message uses is compared as a component.
describe('component schemas no message uses', () => {
  const unused = (d: Doc) => (schemas(d).unusedPayload = { type: 'object', properties: { id: { type: 'string' } } });
  it('one added is safe, one removed breaking', () => {
    expect(lines(spec(unused))).toEqual([
      'safe component-added #/components/schemas/unusedPayload : added (no operation or message uses it)',
    ]);
    const before = spec(unused);
    expect(classifyAsyncApiChanges(before, spec()).map((c) => `${c.severity} ${c.rule} ${c.operation}`)).toEqual([
      'breaking component-removed #/components/schemas/unusedPayload',
    ]);
  });
});

// Mutation gaps (round 17). classify-asyncapi.ts: a message is identified on the wire by its `cmd`/`type` tag and its
// direction; README (spec:update): "on the WebSocket spec also a channel at another address or a message in another
// content type" is breaking, a channel added is not.
describe('wire identity, addresses and content types', () => {
  it('a server message whose `type` const changed: the old value removed, the new one added', () => {
    const after = spec((d) => (schemas(d).tickerPayload.properties.type.const = 'ticker_v2'));
    expect(lines(after)).toEqual([
      'breaking enum-narrowed message ticker payload .type: enum values removed: "ticker" (typed code comparing with them no longer compiles)',
      'potentially-breaking enum-widened message ticker payload .type: enum values added: "ticker_v2"',
    ]);
  });

  it('a channel added is safe (its address is new, not changed)', () => {
    const after = spec((d) => (d.channels.ticker_v2 = { address: 'ticker_v2', messages: {} }));
    expect(lines(after)).toEqual(['safe channel-added channel ticker_v2 : channel added']);
  });

  it('the document’s defaultContentType changed under a message that names none is breaking', () => {
    const noOwn = (d: Doc) => delete d.components.messages.ticker.contentType;
    const after = spec((d) => {
      noOwn(d);
      d.defaultContentType = 'application/msgpack';
    });
    expect(
      classifyAsyncApiChanges(spec(noOwn), after).map(
        (c) => `${c.severity} ${c.rule} ${c.operation} ${c.location}: ${c.message}`,
      ),
    ).toEqual([
      'breaking content-type-changed message ticker contentType: content type changed from application/json to application/msgpack (the client exchanges JSON)',
    ]);
  });

  it('a message removed while two new ones carry its tag is removed (neither is its rename)', () => {
    const after = spec((d) => {
      const ticker = d.components.messages.ticker;
      delete d.components.messages.ticker;
      d.components.messages.tickerA = ticker;
      d.components.messages.tickerB = structuredClone(ticker);
    });
    expect(lines(after)).toContain('breaking message-type-removed message ticker : message type removed');
  });

  it('a command removed while a server message of the same tag is added is removed (another direction)', () => {
    const after = spec((d) => {
      delete d.components.messages.subscribeCommand;
      d.components.messages.subscribeEcho = {
        payload: { type: 'object', properties: { type: { type: 'string', const: 'subscribe' } } },
      };
    });
    expect(lines(after)).toContain('breaking command-removed message subscribeCommand : command removed');
  });
});
