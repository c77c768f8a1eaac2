// `POST /_mock/markets/determine`: a market's result from outside the process (kalshi-mock serve), for any language.
import { ExchangeError } from '../exchange/errors';
import type { Exchange } from '../exchange/exchange';
import { assertDetermineMarket, ControlInputError, controlInputErrorOf } from '../shared/control-schema';

export async function determine(exchange: Exchange, request: Request): Promise<{ status: string }> {
  const text = await request.text();
  if (!text.trim()) throw new ControlInputError('body', 'ticker and result are required');
  const { ticker, result, settleAfterMs, settlementValueDollars } = assertDetermineMarket(JSON.parse(text));
  try {
    exchange.determineMarket(ticker, result, { settleAfterMs, settlementValueDollars });
  } catch (error) {
    // A scalar result without a valid settlement value: the message names settlementValueDollars.
    if (error instanceof TypeError || error instanceof RangeError) throw controlInputErrorOf(error);
    // Unknown ticker, or already determined: the exchange's own message, as a control-input error.
    if (error instanceof ExchangeError && 'error' in error.body && typeof error.body.error === 'object')
      throw new ControlInputError('ticker', error.body.error.message);
    throw error;
  }
  return { status: exchange.market(ticker).status };
}
