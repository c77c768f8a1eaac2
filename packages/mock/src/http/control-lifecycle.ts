// `POST /_mock/markets/determine`: a market's result from outside the process (kalshi-mock serve), for any language.
import type { Exchange } from '../exchange/exchange';
import { assertDetermineMarket, ControlInputError } from '../shared/control-schema';

export async function determine(exchange: Exchange, request: Request): Promise<{ status: string }> {
  const text = await request.text();
  if (!text.trim()) throw new ControlInputError('body', 'ticker and result are required');
  const { ticker, result, settleAfterMs, settlementValueDollars } = assertDetermineMarket(JSON.parse(text));
  // An unknown ticker (404), a market already determined (409) or a scalar result without a valid settlement value
  // (400): the exchange's own ControlInputError, naming the field.
  exchange.determineMarket(ticker, result, { settleAfterMs, settlementValueDollars });
  return { status: exchange.market(ticker).status };
}
