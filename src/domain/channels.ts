/**
 * Sales channels from an order's `source_name`. Shopify uses fixed names for its own channels
 * and an app's id or handle for everything sold through apps (marketplaces, social).
 */
const OWN_CHANNELS = new Map([
  ['web', 'online_store'],
  ['pos', 'pos'],
  ['shopify_draft_order', 'draft_order'],
  ['iphone', 'mobile'],
  ['android', 'mobile'],
]);

const MARKETPLACES = /amazon|ebay|walmart|etsy|wish|target|zalando|mercadolibre|bol/;
const SOCIAL = /facebook|instagram|tiktok|pinterest|google|youtube|snapchat|buy.?button|shop.?app/;

export function channelGroup(sourceName: string): string {
  const name = sourceName.toLowerCase();
  const own = OWN_CHANNELS.get(name);
  if (own) return own;
  if (MARKETPLACES.test(name)) return 'marketplace';
  if (SOCIAL.test(name)) return 'social';
  return /^\d+$/.test(name) ? 'app' : 'other';
}
