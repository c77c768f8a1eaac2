import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { classifyAsyncApiChanges } from '../../src';

// Kalshi's WebSocket spec, changed in one place per case. Commands are what a client sends (a narrowing breaks),
// server messages what it reads (a widening breaks), as for REST requests and responses.
const ASYNCAPI = resolve(import.meta.dirname, '../../../../spec/.cache/kalshi-asyncapi.yaml');
const text = readFileSync(ASYNCAPI, 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: test documents are mutated freely
type Doc = Record<string, any>;
const spec = (mutate: (d: Doc) => void = () => {}): Doc => {
  const doc = parse(text);
  mutate(doc);
  return doc;
};
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
