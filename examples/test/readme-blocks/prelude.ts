// Prelude of README blocks marked <!-- fragment -->: what such a block may use without importing it.
// biome-ignore-all lint/correctness/noUnusedImports: each fragment uses some of these
import { createKalshiClient, type KalshiClient, unwrap } from '@org/kalshi-client';
import { createKalshiStream, OrderBook } from '@org/kalshi-client/ws';
