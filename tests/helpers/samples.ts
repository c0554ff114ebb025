/** The realistic payloads in samples/shopify/, as exact text, with edits made in the text. */
const files = import.meta.glob<string>('../../samples/shopify/*.json', { query: '?raw', import: 'default', eager: true });

/**
 * The sample for `name` (e.g. "products-create") with each `find` replaced by its value. An edit
 * that matches nothing throws, so a test cannot silently stop testing what it says.
 */
export function sample(name: string, edits: Record<string, string> = {}): string {
  return edited(files[`../../samples/shopify/${name}.json`], `sample ${name}`, edits);
}

function edited(body: string | undefined, what: string, edits: Record<string, string>): string {
  if (body === undefined) throw new Error(`no ${what}`);
  let text = body;
  for (const [find, replace] of Object.entries(edits)) {
    if (!text.includes(find)) throw new Error(`${what} has no ${find}`);
    text = text.replaceAll(find, replace);
  }
  return text;
}

const documentedFiles = import.meta.glob<string>('../fixtures/shopify/2026-01/webhooks/*.json', { query: '?raw', import: 'default', eager: true });

/** Shopify's documented sample for `name` (e.g. "draft_orders-create"), with text edits as in `sample`. */
export function documentedSample(name: string, edits: Record<string, string> = {}): string {
  return edited(documentedFiles[`../fixtures/shopify/2026-01/webhooks/${name}.json`], `documented sample ${name}`, edits);
}
