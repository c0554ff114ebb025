/**
 * Tunnels: how a test makes a public HTTPS address reach a local receiver, as developers expose a
 * local app to Shopify with a tunnel. Subscriptions must use HTTPS on a public host (Shopify
 * refuses the rest), so deliveries to an address under a tunnel's URL are sent to its
 * `forwardTo` with the rest of the path, or, when it has none, captured for the test to read
 * (answered 200, as a receiver that accepts them). Other addresses are posted to as they are.
 */
import { z } from 'zod';
import type { Send } from './webhooks';

export const tunnelRequest = z.object({
  url: z.url().refine((url) => url.startsWith('https://'), 'a tunnel stands for an https:// address'),
  forwardTo: z.url().optional(),
});
export type TunnelRequest = z.infer<typeof tunnelRequest>;

export interface CapturedDelivery {
  seq: number;
  url: string;
  topic: string;
  shopDomain: string;
  headers: Record<string, string>;
  body: string;
}

const MAX_CAPTURED = 10_000;

const withoutSlash = (url: string) => url.replace(/\/$/, '');

/** Whether `url` is the tunnel's address or lies under it (`https://a.example.com` does not cover `https://a.example.com.evil.net`). */
function under(url: string, tunnel: string): boolean {
  const base = withoutSlash(tunnel);
  return url.startsWith(base) && (url.length === base.length || /^[/?#]/.test(url.slice(base.length)));
}

export class Tunnels {
  private readonly tunnels = new Map<string, string | null>();
  private captured: CapturedDelivery[] = [];
  private seq = 0;

  open(request: TunnelRequest): { url: string; forwardTo: string | null } {
    this.tunnels.set(request.url, request.forwardTo ?? null);
    return { url: request.url, forwardTo: request.forwardTo ?? null };
  }

  list(): { url: string; forwardTo: string | null }[] {
    return [...this.tunnels].map(([url, forwardTo]) => ({ url, forwardTo }));
  }

  /** Captured deliveries after `seq`, oldest first. */
  capturedAfter(seq: number): CapturedDelivery[] {
    return this.captured.filter((delivery) => delivery.seq > seq);
  }

  /** Sends through the tunnel whose URL the address starts with (the longest), or straight to the address. */
  sender(next: Send): Send {
    return async (url, headers, body, signal) => {
      const tunnel = [...this.tunnels.keys()].filter((prefix) => under(url, prefix)).sort((a, b) => b.length - a.length)[0];
      if (tunnel === undefined) return next(url, headers, body, signal);
      const forwardTo = this.tunnels.get(tunnel);
      if (forwardTo) return next(withoutSlash(forwardTo) + url.slice(withoutSlash(tunnel).length), headers, body, signal);
      this.captured.push({
        seq: ++this.seq,
        url,
        topic: headers['x-shopify-topic'] ?? '',
        shopDomain: headers['x-shopify-shop-domain'] ?? '',
        headers,
        body: new TextDecoder().decode(body),
      });
      if (this.captured.length > MAX_CAPTURED) this.captured = this.captured.slice(-MAX_CAPTURED);
      return 200;
    };
  }
}
