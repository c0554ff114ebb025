/**
 * A product description's HTML → plain text, for search, feeds and BI tools that cannot render
 * HTML. A single forward scan (no regular expression backtracks over merchant input), with the
 * text cut at MAX_TEXT characters: a hostile description costs time linear in its length and
 * memory bounded by the cut. Tags go; block elements and `<br>` end a line; the contents of
 * script, style and template elements and comments go; character references are decoded.
 */

/** Longer descriptions are cut here: far beyond what a feed or a search index takes. */
export const MAX_TEXT = 65_536;

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

/** Elements whose content is not text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript']);

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The character a reference (`&amp;`, `&#39;`, `&#x27;`) at `start` stands for, and where it ends; null when it is none. */
function reference(html: string, start: number): { text: string; end: number } | null {
  const semicolon = html.indexOf(';', start + 1);
  if (semicolon < 0 || semicolon - start > 10) return null;
  const body = html.slice(start + 1, semicolon);
  let code: number | undefined;
  if (/^#\d{1,7}$/.test(body)) code = Number(body.slice(1));
  else if (/^#x[0-9a-f]{1,6}$/i.test(body)) code = Number.parseInt(body.slice(2), 16);
  if (code !== undefined) return code > 0 && code <= 0x10ffff ? { text: String.fromCodePoint(code), end: semicolon + 1 } : null;
  const named = NAMED[body.toLowerCase()];
  return named === undefined ? null : { text: named, end: semicolon + 1 };
}

/** The lower-case name of the tag at `start` (`<p class=…>` → "p", `</li>` → "li"). */
function tagName(html: string, start: number): string {
  let i = start + 1;
  if (html[i] === '/') i++;
  let name = '';
  while (i < html.length && /[A-Za-z0-9]/.test(html[i]!) && name.length < 16) name += html[i++]!.toLowerCase();
  return name;
}

/** Where the closing tag of `name` starts at or after `from`, or -1. */
function closingTag(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at >= 0; at = html.indexOf('</', at + 2)) if (tagName(html, at) === name) return at;
  return -1;
}

/** Plain text of `html`, lines trimmed, blank lines and runs of spaces collapsed; null when nothing is left. */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  const out: string[] = [];
  let length = 0;
  let line = '';
  const endLine = () => {
    const trimmed = line.replace(/[ \t\r\f\v]+/g, ' ').trim();
    line = '';
    if (trimmed) {
      out.push(trimmed);
      length += trimmed.length + 1;
    }
  };
  let i = 0;
  while (i < html.length && length < MAX_TEXT) {
    const c = html[i]!;
    if (c === '<') {
      if (html.startsWith('<!--', i)) {
        const close = html.indexOf('-->', i + 4);
        i = close < 0 ? html.length : close + 3;
        continue;
      }
      const close = html.indexOf('>', i + 1);
      if (close < 0) break;
      const name = tagName(html, i);
      if (HIDDEN.has(name) && html[i + 1] !== '/') {
        const end = closingTag(html, name, close + 1);
        i = end < 0 ? html.length : html.indexOf('>', end) + 1 || html.length;
        continue;
      }
      // Inline elements (b, span, a) join their text to what surrounds it, as a browser shows it.
      if (BLOCKS.has(name)) endLine();
      i = close + 1;
    } else if (c === '&') {
      const ref = reference(html, i);
      line += ref ? ref.text : c;
      i = ref ? ref.end : i + 1;
    } else if (c === '\n') {
      line += ' ';
      i++;
    } else {
      line += c;
      i++;
      if (line.length > MAX_TEXT) break;
    }
  }
  endLine();
  const text = out.join('\n').slice(0, MAX_TEXT);
  return text || null;
}
