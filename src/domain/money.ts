/** Exact decimal arithmetic on Shopify's money strings, without floating point. */

function scaleOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

function toScaled(amount: string, scale: number): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^[-+]/, '').split('.');
  const digits = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -digits : digits;
}

/** The exact sum of decimal strings, at the largest scale among them ("0" for none). */
export function sumDecimals(amounts: readonly string[]): string {
  const scale = Math.max(0, ...amounts.map(scaleOf));
  const total = amounts.reduce((sum, amount) => sum + toScaled(amount, scale), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
