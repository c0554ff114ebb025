/**
 * Alert emails as RFC 5322 messages, written here for the send_email binding, whose EmailMessage
 * takes the raw message (https://developers.cloudflare.com/email-routing/email-workers/send-email-workers/).
 * Plain text only. The body is base64 (RFC 2045), so that no line passes RFC 5322's 998
 * characters whatever an alert's details hold; header text outside printable ASCII becomes RFC 2047
 * encoded words, so that nothing an alert says can break a header line.
 */

/** What sends alert emails: the Worker's send_email binding with its sender (src/cron/alerts.ts). */
export interface AlertMailer {
  /** The sender: an address on the domain Email Routing runs on. */
  readonly from: string;
  /** Sends a raw message from `from` to `to`; throws when it is refused. */
  send(to: string, raw: string): Promise<void>;
}

const CRLF = '\r\n';
const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Printable ASCII as it is; anything else as UTF-8 encoded words (RFC 2047), one per folded line. */
function headerText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words = [''];
  for (const char of text) {
    // 39 bytes are 52 base64 characters: a word of 64 with "=?UTF-8?B?" and "?=", which keeps a
    // line of "Subject: " and one word within the 78 characters RFC 5322 recommends.
    if (encoder.encode(words.at(-1) + char).byteLength > 39) words.push('');
    words[words.length - 1] += char;
  }
  return words.map((word) => `=?UTF-8?B?${base64(encoder.encode(word))}?=`).join(`${CRLF} `);
}

/** RFC 5322's date-time, e.g. "Tue, 21 Apr 2026 09:05:00 +0000". */
const dateTime = (date: Date) => date.toUTCString().replace(/GMT$/, '+0000');

export function rawEmail(message: { from: string; to: string; subject: string; text: string; headers: Record<string, string> }, date = new Date()): string {
  const domain = message.from.slice(message.from.lastIndexOf('@') + 1);
  // Text is encoded in its canonical form, lines ending in CRLF (RFC 2045 §6.8).
  const body = base64(encoder.encode(message.text.replace(/\r?\n/g, CRLF))).match(/.{1,76}/g) ?? [];
  return [
    `From: Wharf <${message.from}>`,
    `To: ${message.to}`,
    `Subject: ${headerText(message.subject)}`,
    `Date: ${dateTime(date)}`,
    `Message-ID: <${crypto.randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    // An automatic message (RFC 3834): vacation responders do not answer it.
    'Auto-Submitted: auto-generated',
    ...Object.entries(message.headers).map(([name, value]) => `${name}: ${headerText(value)}`),
    '',
    ...body,
    '',
  ].join(CRLF);
}
