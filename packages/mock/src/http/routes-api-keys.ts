// `/api_keys*`: generate, create, list, delete (kalshi-api-notes §2.1).
import {
  type ApiKeyInfo,
  apiKeyInfo,
  createApiKey,
  deleteApiKey,
  generateApiKey,
  listApiKeys,
} from '../exchange/api-keys';
import { forbidden, notFound } from '../exchange/errors';
import { assertUsageTier } from './account-tier';
import { malformedId, UUID } from './request';
import type { RouteContext, RouteResult } from './routes';

const user = (ctx: RouteContext) => ctx.userId as string;
const given = (value: unknown) => typeof value === 'string' && value !== '';

/**
 * `fcm_subtrader_id` is "FCM members only"; the spec's 403 for both key operations: "fcm_subtrader_id from a non-FCM
 * caller". The mock's accounts are direct members (its FCM endpoints answer 403, routes-outside.ts); the code string
 * is not recorded.
 */
function assertNoSubtrader(ctx: RouteContext): void {
  if (given(ctx.body.fcm_subtrader_id)) throw forbidden('fcm_subtrader_id: FCM members only');
}

function presentKey(info: ApiKeyInfo) {
  return {
    api_key_id: info.keyId,
    name: info.name,
    scopes: info.scopes,
    ...(info.subaccount !== undefined ? { subaccount: info.subaccount } : {}),
  };
}

/**
 * Whether the request's key may see and delete `info`: spec GenerateApiKeyRequest.subaccount "A restricted key may only
 * read and trade on that sub-account; it cannot act on other sub-accounts". A restricted key manages only the keys
 * restricted to its own subaccount; the unrestricted keys and other subaccounts' are left out of the list, and
 * deleting one answers the 404 of another subaccount's order (key-permissions.ts keyMayRead). The notes are silent on
 * key management by restricted keys.
 */
const keyMayManage = (ctx: RouteContext, info: ApiKeyInfo | undefined): boolean =>
  ctx.keySubaccount === undefined || info?.subaccount === ctx.keySubaccount;

export const apiKeyRoutes = {
  GenerateApiKey: (ctx: RouteContext): RouteResult => {
    assertNoSubtrader(ctx);
    const { info, privateKeyPem, type } = generateApiKey(ctx.exchange, user(ctx), {
      name: ctx.body.name,
      scopes: ctx.body.scopes,
      subaccount: ctx.body.subaccount,
      type: ctx.body.key_type,
    });
    return { status: 201, body: { api_key_id: info.keyId, private_key: privateKeyPem, key_type: type } };
  },

  CreateApiKey: (ctx: RouteContext): RouteResult => {
    // Spec CreateApiKey: "allows users with Premier or Market Maker API usage levels" (notes §2.1: "restricted to
    // higher tiers"); its 403 "insufficient API usage level".
    assertNoSubtrader(ctx);
    assertUsageTier(ctx.exchange, ctx.userId, 'premier', 'uploading a public key (POST /api_keys)');
    const info = createApiKey(ctx.exchange, user(ctx), ctx.body.public_key, {
      name: ctx.body.name,
      scopes: ctx.body.scopes,
      subaccount: ctx.body.subaccount,
    });
    return { status: 201, body: { api_key_id: info.keyId } };
  },

  // fcm_subtrader_id: "Return only API keys bound to this FCM subtrader. … only FCM members hold bound keys": the
  // mock's accounts are not FCM members, so none is (outside round R-D4: the filter was ignored).
  GetApiKeys: (ctx: RouteContext): RouteResult => ({
    status: 200,
    body: {
      api_keys: given(ctx.query.fcm_subtrader_id)
        ? []
        : listApiKeys(ctx.exchange, user(ctx))
            .filter((info) => keyMayManage(ctx, info))
            .map(presentKey),
    },
  }),

  DeleteApiKey: (ctx: RouteContext): RouteResult => {
    const keyId = ctx.params.api_key as string;
    // Spec DeleteApiKey: 400 "Bad request - invalid API key ID". Kalshi's key ids are UUIDs (notes §2.1), and a malformed
    // id gets the answer a malformed order id gets (notes §3.2: 400 invalid_parameters, no details). A key registered
    // in process under another id (`exchange.addApiKey`) is still found.
    if (!UUID.test(keyId) && !ctx.exchange.apiKeys.has(keyId)) throw malformedId();
    if (!keyMayManage(ctx, apiKeyInfo(ctx.exchange, keyId)))
      throw notFound(
        `api_key: this API key is restricted to subaccount ${ctx.keySubaccount} and manages only keys restricted to it`,
      );
    deleteApiKey(ctx.exchange, user(ctx), keyId);
    return { status: 204 };
  },
};
