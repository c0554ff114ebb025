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

function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The exact sum of decimal strings, at the largest scale among them ("0" for none). */
export function sumDecimals(amounts: readonly string[]): string {
  const scale = Math.max(0, ...amounts.map(scaleOf));
  return fromScaled(
    amounts.reduce((sum, amount) => sum + toScaled(amount, scale), 0n),
    scale,
  );
}

/** The exact product of a decimal string and a whole number. */
export function timesWhole(amount: string, factor: number): string {
  const scale = scaleOf(amount);
  return fromScaled(toScaled(amount, scale) * BigInt(factor), scale);
}

/** Whether two decimal strings are further apart than `tolerance`, exactly. */
export function differByMoreThan(a: string, b: string, tolerance: string): boolean {
  const scale = Math.max(scaleOf(a), scaleOf(b), scaleOf(tolerance));
  const difference = toScaled(a, scale) - toScaled(b, scale);
  return (difference < 0n ? -difference : difference) > toScaled(tolerance, scale);
}

/** A decimal string without trailing zeros in its fraction ("10.0" → "10", "0.50" → "0.5"). */
export function canonicalDecimal(amount: string): string {
  return amount.includes('.') ? amount.replace(/\.?0+$/, '') : amount;
}
