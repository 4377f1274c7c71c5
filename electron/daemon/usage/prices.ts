import type { AgentPreset, ModelPrice } from '../../common/agents';
import { totalTokens, type TokenCounts } from '../../common/usage';

type Prices = AgentPreset['prices'];

/** The price of the longest key that starts the model's name, ignoring case ("claude-sonnet-4" prices "claude-sonnet-4-5"). */
export function priceFor(prices: Prices, model: string): ModelPrice | null {
  const name = model.toLowerCase();
  let best: string | null = null;
  for (const key of Object.keys(prices)) {
    if (name.startsWith(key.toLowerCase()) && (best === null || key.length > best.length)) best = key;
  }
  return best === null ? null : prices[best];
}

/**
 * What the tokens cost in USD at the preset's prices (per million; a cache read or write costs what
 * input does when the table has no price for it). Null when some tokens exist and none is priced.
 */
export function costOf(
  prices: Prices,
  byModel: Map<string, TokenCounts>,
): { costUsd: number | null; unpriced: string[] } {
  let costUsd = 0;
  let priced = false;
  const unpriced: string[] = [];
  for (const [model, tokens] of byModel) {
    if (totalTokens(tokens) === 0) continue;
    const price = priceFor(prices, model);
    if (!price) {
      unpriced.push(model);
      continue;
    }
    priced = true;
    costUsd +=
      (tokens.input * price.input +
        tokens.output * price.output +
        tokens.cacheRead * (price.cacheRead ?? price.input) +
        tokens.cacheWrite * (price.cacheWrite ?? price.input)) /
      1e6;
  }
  return { costUsd: priced || unpriced.length === 0 ? costUsd : null, unpriced };
}
