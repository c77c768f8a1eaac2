// A consumer's file that names the client's type where it creates the client, compiled by consumer-settings.test.ts
// against the built packages: the client README's own line, a factory with a declared return type, and the form
// `Awaited<ReturnType<…>>`. Each is a contextual type for createKalshiClient's result.
import { createKalshiClient, type KalshiClient } from '@org/kalshi-client';

export const kalshi: KalshiClient = await createKalshiClient({ environment: 'demo', credentials: 'env' });

export const factory = async (): Promise<KalshiClient> => createKalshiClient({ environment: 'demo' });

export const named: Awaited<ReturnType<typeof createKalshiClient>> = await createKalshiClient();
