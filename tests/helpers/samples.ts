/** The realistic payloads in samples/shopify/, as exact text, with edits made in the text. */
const files = import.meta.glob<string>('../../samples/shopify/*.json', { query: '?raw', import: 'default', eager: true });

/**
 * The sample for `name` (e.g. "products-create") with each `find` replaced by its value. An edit
 * that matches nothing throws, so a test cannot silently stop testing what it says.
 */
export function sample(name: string, edits: Record<string, string> = {}): string {
  let body = files[`../../samples/shopify/${name}.json`];
  if (body === undefined) throw new Error(`no sample named ${name}`);
  for (const [find, replace] of Object.entries(edits)) {
    if (!body.includes(find)) throw new Error(`sample ${name} has no ${find}`);
    body = body.replaceAll(find, replace);
  }
  return body;
}
