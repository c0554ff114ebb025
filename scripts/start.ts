/**
 * npm start: Wharf on this machine with nothing else installed. Starts the database (embedded
 * PGlite unless DATABASE_URL names one), migrates it, and runs the Worker under `wrangler dev` with
 * local R2, Queues and cron.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openLocalDatabase } from './lib/database';
import { ensureDevVars } from './lib/dev-vars';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8787);

const { vars, created } = ensureDevVars();
const databaseUrl = process.env.DATABASE_URL || vars.DATABASE_URL || undefined;
const database = await openLocalDatabase({
  databaseUrl,
  dataDir: `${root}.wharf/pglite`,
  pgPort: Number(process.env.WHARF_PG_PORT ?? 54329),
  bridgePort: Number(process.env.WHARF_BRIDGE_PORT ?? 54330),
});

const wrangler = spawn(
  'npx',
  [
    'wrangler',
    'dev',
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--show-interactive-dev-session=false',
    '--var',
    `DATABASE_URL:${database.databaseUrl}`,
    '--var',
    `DATABASE_WS_PROXY:${database.wsProxy}`,
  ],
  { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] },
);

let announced = false;
wrangler.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (announced || !chunk.toString().includes('Ready on')) return;
  announced = true;
  const where = database.embedded ? `embedded PGlite in .wharf/pglite, ${database.databaseUrl}` : database.databaseUrl.replace(/:[^:@/]*@/, ':***@');
  console.log(`
  Wharf is running at http://127.0.0.1:${port}
    webhooks      POST http://127.0.0.1:${port}/webhooks/shopify
    database      ${where}
    secrets       .dev.vars${created ? ' (created now with random values)' : ''}
    webhook secret ${vars.SHOPIFY_WEBHOOK_SECRET}

  Send a signed test delivery:   npm run webhook -- orders/create
  Run the stalled-work sweep:    curl "http://127.0.0.1:${port}/cdn-cgi/handler/scheduled?cron=*/15+*+*+*+*"
  Query the warehouse:           psql ${database.databaseUrl} -c 'select * from fact_order'
`);
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  wrangler.kill('SIGINT');
  await database.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
wrangler.on('exit', (code) => void stop(code ?? 0));
