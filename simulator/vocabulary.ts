/** The words simulated shops are made of. */
import type { Address } from './model';

export const ADJECTIVES = [
  'Classic',
  'Everyday',
  'Organic',
  'Vintage',
  'Lightweight',
  'Heritage',
  'Urban',
  'Coastal',
  'Alpine',
  'Essential',
  'Premium',
  'Recycled',
  'Studio',
  'Field',
  'Weekend',
];
export const MATERIALS = ['Cotton', 'Linen', 'Wool', 'Merino', 'Canvas', 'Leather', 'Denim', 'Bamboo', 'Ceramic', 'Oak', 'Steel', 'Cashmere'];
export const NOUNS = [
  'Tee',
  'Hoodie',
  'Tote',
  'Mug',
  'Beanie',
  'Scarf',
  'Jacket',
  'Backpack',
  'Candle',
  'Notebook',
  'Sneaker',
  'Cap',
  'Blanket',
  'Apron',
  'Water Bottle',
  'Wallet',
];
export const PRODUCT_TYPES = ['Apparel', 'Accessories', 'Home', 'Stationery', 'Footwear', 'Kitchen', 'Outdoor'];
/** Each product type's category in Shopify's product taxonomy, by full name. */
export const CATEGORY_OF_TYPE: Readonly<Record<string, string>> = {
  Apparel: 'Apparel & Accessories > Clothing',
  Accessories: 'Apparel & Accessories > Clothing Accessories',
  Home: 'Home & Garden > Decor',
  Stationery: 'Office Supplies > General Office Supplies',
  Footwear: 'Apparel & Accessories > Shoes',
  Kitchen: 'Home & Garden > Kitchen & Dining',
  Outdoor: 'Sporting Goods > Outdoor Recreation',
};
export const VENDORS = ['Wharf Goods', 'Northwind Supply', 'Harbor & Co', 'Lumen Works', 'Tidewater', 'Fjord Studio'];
export const PRODUCT_TAGS = ['new', 'bestseller', 'summer', 'winter', 'eco', 'gift', 'limited', 'sale', 'staff-pick'];
export const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
export const COLORS = ['Black', 'White', 'Navy', 'Sand', 'Forest', 'Rust', 'Heather Grey'];
export const ORIGINS = ['US', 'CN', 'VN', 'PT', 'IN', 'MX', 'TR'];

export const FIRST_NAMES = [
  'Ada',
  'Bruno',
  'Chloé',
  'Dmitri',
  'Esi',
  'Farah',
  'Gustavo',
  'Hana',
  'Ines',
  'Jon',
  'Kwame',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoe',
];
export const LAST_NAMES = [
  'Snow',
  'Okafor',
  'Lindqvist',
  'García',
  'Nakamura',
  'Dubois',
  'Kowalski',
  'Haddad',
  'Patel',
  'Müller',
  'Rossi',
  'Chen',
  'Silva',
  'Novak',
  'Reyes',
];
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'mail.example', 'inbox.example'];
export const CUSTOMER_TAGS = ['vip', 'wholesale', 'newsletter', 'returning', 'loyalty-gold', 'b2b'];

export const CITIES: readonly Address[] = [
  { city: 'New York', province: 'New York', country: 'United States', countryCode: 'US' },
  { city: 'Austin', province: 'Texas', country: 'United States', countryCode: 'US' },
  { city: 'Portland', province: 'Oregon', country: 'United States', countryCode: 'US' },
  { city: 'Chicago', province: 'Illinois', country: 'United States', countryCode: 'US' },
  { city: 'Ottawa', province: 'Ontario', country: 'Canada', countryCode: 'CA' },
  { city: 'Montréal', province: 'Quebec', country: 'Canada', countryCode: 'CA' },
  { city: 'London', province: 'England', country: 'United Kingdom', countryCode: 'GB' },
  { city: 'Berlin', province: 'Berlin', country: 'Germany', countryCode: 'DE' },
  { city: 'Lyon', province: 'Auvergne-Rhône-Alpes', country: 'France', countryCode: 'FR' },
  { city: 'São Paulo', province: 'São Paulo', country: 'Brazil', countryCode: 'BR' },
  { city: 'Sydney', province: 'New South Wales', country: 'Australia', countryCode: 'AU' },
];

export const LOCATION_NAMES = ['Main Warehouse', 'Downtown Store', 'East Coast DC', 'West Coast DC', 'Pop-up Shop', 'Outlet'];

/** `source_name` values: Shopify's own channels, marketplaces, social and an app id. */
export const CHANNELS: readonly (readonly [string, number])[] = [
  ['web', 52],
  ['pos', 14],
  ['shopify_draft_order', 5],
  ['iphone', 3],
  ['android', 2],
  ['amazon', 8],
  ['ebay', 4],
  ['facebook', 3],
  ['instagram', 3],
  ['tiktok', 2],
  ['580111', 4],
];

export const ORDER_TAGS = ['gift', 'wholesale', 'priority', 'repeat-buyer', 'influencer', 'subscription'];
/** Discount codes: a percentage off every line, a fixed amount off the order, or free shipping. */
export const DISCOUNT_CODES: readonly { code: string; type: 'percentage' | 'fixed_amount' | 'shipping'; value: number }[] = [
  { code: 'WELCOME10', type: 'percentage', value: 10 },
  { code: 'SPRING15', type: 'percentage', value: 15 },
  { code: 'VIP20', type: 'percentage', value: 20 },
  { code: 'BUNDLE5', type: 'fixed_amount', value: 500 },
  { code: 'FREESHIP', type: 'shipping', value: 100 },
];

/** The shop's automatic discount: a percentage off every line of orders whose lines come to at least `minimum` cents. */
export const AUTOMATIC_DISCOUNT = { title: 'Spend $150, save 5%', percentage: 5, minimum: 15_000 } as const;
export const CARRIERS = ['UPS', 'USPS', 'FedEx', 'DHL Express', 'Canada Post'];
export const REFUND_NOTES = ['Arrived damaged', 'Wrong size', 'Changed mind', 'Late delivery', null];
export const CUSTOM_ITEMS = ['Gift wrapping', 'Custom engraving', 'Rush handling'];
export const PLANS = ['Basic', 'Shopify', 'Advanced', 'Shopify Plus'];
