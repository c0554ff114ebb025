/** Money is integer cents in the model; both APIs show it as a decimal string with two places. */

export function decimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The few REST fields Shopify sends as JSON numbers (refund line `subtotal`, `total_tax`). */
export function decimalNumber(cents: number): number {
  return Math.round(cents) / 100;
}

/** Rates from the shop currency to the presentment currencies orders are placed in. */
const PRESENTMENT_RATES: Readonly<Record<string, number>> = { USD: 1, CAD: 1.37, EUR: 0.92, GBP: 0.79, AUD: 1.52, JPY: 151 };

export function presentmentCents(cents: number, shopCurrency: string, presentment: string): number {
  if (shopCurrency === presentment) return cents;
  const rate = (PRESENTMENT_RATES[presentment] ?? 1) / (PRESENTMENT_RATES[shopCurrency] ?? 1);
  return Math.round(cents * rate);
}
