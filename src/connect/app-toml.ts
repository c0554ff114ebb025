/**
 * The part of a `shopify.app.toml` that configures an app for Wharf declaratively
 * (https://shopify.dev/docs/apps/build/cli-for-apps/app-configuration): the scopes, the callback
 * as an allowed redirect URL, and the webhook subscriptions, including the compliance topics that
 * only an app's configuration can subscribe to. Subscriptions made this way hold for every shop
 * and are not listed by the Admin API: a deployment that uses them sets SHOPIFY_WEBHOOKS=app, so
 * that shops' checks do not subscribe them a second time. Without it the compliance topics still
 * need an app configuration (or the Dev Dashboard): the Admin API cannot subscribe them.
 */
import { COMPLIANCE_TOPICS } from '../shopify/compliance-topics';
import { CALLBACK_PATH } from './install';
import { REQUIRED_SCOPES } from './scopes';
import { webhookEndpoint } from './subscriptions';
import { topicsToSubscribe } from './topics';

const list = (values: readonly string[]) => `[ ${values.map((v) => JSON.stringify(v)).join(', ')} ]`;

export function appTomlFragment(publicUrl: string, webhooksApiVersion: string): string {
  return [
    '[access_scopes]',
    `scopes = ${JSON.stringify(REQUIRED_SCOPES.join(','))}`,
    '',
    '[auth]',
    `redirect_urls = ${list([`${publicUrl}${CALLBACK_PATH}`])}`,
    '',
    '[webhooks]',
    `api_version = ${JSON.stringify(webhooksApiVersion)}`,
    '',
    '[[webhooks.subscriptions]]',
    `topics = ${list(topicsToSubscribe(webhooksApiVersion).sort())}`,
    `compliance_topics = ${list(COMPLIANCE_TOPICS)}`,
    `uri = ${JSON.stringify(webhookEndpoint(publicUrl))}`,
    '',
  ].join('\n');
}
