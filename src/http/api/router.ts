/**
 * The partner API: OpenAPI-documented (GET /openapi.json, /docs), key-authenticated, rate limited
 * per key, every read scoped to the key's shop.
 */

import { fromHono } from 'chanfana';
import type { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { CreateAlertChannel, ListAlertChannels, RemoveAlertChannel } from './alerts/alert-channels';
import { ListAlertRules, SetAlertRule } from './alerts/alert-rules';
import { ListAlerts } from './alerts/list-alerts';
import { ANALYTICS_ROUTES } from './analytics/analytics-report';
import { GetCustomer } from './catalog/get-customer';
import { GetProduct } from './catalog/get-product';
import { GetProductThumbnail } from './catalog/get-product-thumbnail';
import { ListCustomers } from './catalog/list-customers';
import { ListInventory } from './catalog/list-inventory';
import { ListProducts } from './catalog/list-products';
import { CheckConnection, ConnectShop, GetConnection } from './connection/connection-routes';
import { DownloadExportFile } from './exports/download-export-file';
import { GetExport } from './exports/get-export';
import { RequestExport } from './exports/request-export';
import { Health } from './health';
import { GetLineage } from './lineage/get-lineage';
import { CreateMapping } from './mappings/create-mapping';
import { GetMapping } from './mappings/get-mapping';
import { ListMappings } from './mappings/list-mappings';
import { DailyMetrics } from './metrics/daily-metrics';
import { PipelineMetrics } from './metrics/pipeline-metrics';
import { SummaryMetrics } from './metrics/summary-metrics';
import { rateLimitPerKey, requireApiKey, warehousePerRequest } from './middleware';
import { CreateRedrive } from './operations/create-redrive';
import { ListDeadLetters } from './operations/list-dead-letters';
import { ReplayDeadLetter } from './operations/replay-dead-letter';
import { ReplayDeadLetters } from './operations/replay-dead-letters';
import { ReplayDeliveries } from './operations/replay-deliveries';
import { GetOrder } from './orders/get-order';
import { ListOrders } from './orders/list-orders';
import { ListQualityRuns, RunQuality } from './quality/quality-routes';
import { GetResync } from './resyncs/get-resync';
import { RequestResync } from './resyncs/request-resync';
import { CreateUpload } from './uploads/create-upload';
import { GetJob } from './uploads/get-job';
import { ListJobs } from './uploads/list-jobs';
import { ListRejects } from './uploads/list-rejects';
import { AbortMultipartUpload, BeginMultipartUpload, CompleteMultipartUpload, UploadPart } from './uploads/multipart-routes';

export function mountApi(app: Hono<AppEnv>) {
  app.use('/v1/*', warehousePerRequest, requireApiKey, rateLimitPerKey);

  const api = fromHono(app, {
    // Errors reach the app's onError untouched, which answers every one as problem+json.
    passthroughErrors: true,
    raiseUnknownParameters: true,
    docs_url: '/docs',
    redoc_url: null,
    openapi_url: '/openapi.json',
    openapiVersion: '3.1',
    schema: {
      info: {
        title: 'Wharf partner API',
        version: '1.0.0',
        description:
          'Uploads, jobs, warehouse reads and metrics for one Shopify shop per API key. Ids are decimal strings (they exceed 2^53); money is a decimal string. Errors are application/problem+json.',
      },
      // Every operation takes an API key unless it says otherwise (the health check).
      security: [{ bearerAuth: [] }],
    },
  });
  api.registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'wharf_<prefix>_<secret>. An admin key that spans several shops acts on its own shop unless the request names another with a `Wharf-Shop: <domain>` header.',
  });

  api.get('/healthz', Health);
  api.get('/v1/orders', ListOrders);
  api.get('/v1/orders/:id', GetOrder);
  api.get('/v1/products', ListProducts);
  api.get('/v1/products/:id', GetProduct);
  api.get('/v1/products/:id/images/:position/thumbnail', GetProductThumbnail);
  api.get('/v1/customers', ListCustomers);
  api.get('/v1/customers/:id', GetCustomer);
  api.get('/v1/inventory', ListInventory);
  api.get('/v1/metrics/daily', DailyMetrics);
  api.get('/v1/metrics/summary', SummaryMetrics);
  api.get('/v1/metrics/pipeline', PipelineMetrics);
  for (const { path, route } of ANALYTICS_ROUTES) api.get(path, route);
  api.get('/v1/lineage', GetLineage);
  api.get('/v1/quality', ListQualityRuns);
  api.post('/v1/quality/runs', RunQuality);
  api.get('/v1/alerts', ListAlerts);
  api.get('/v1/alerts/rules', ListAlertRules);
  api.put('/v1/alerts/rules/:rule', SetAlertRule);
  api.get('/v1/alerts/channels', ListAlertChannels);
  api.post('/v1/alerts/channels', CreateAlertChannel);
  api.delete('/v1/alerts/channels/:id', RemoveAlertChannel);
  api.post('/v1/mappings', CreateMapping);
  api.get('/v1/mappings', ListMappings);
  api.get('/v1/mappings/:id', GetMapping);
  api.post('/v1/uploads', CreateUpload);
  api.post('/v1/uploads/multipart', BeginMultipartUpload);
  api.put('/v1/uploads/multipart/:id/parts/:n', UploadPart);
  api.post('/v1/uploads/multipart/:id/complete', CompleteMultipartUpload);
  api.delete('/v1/uploads/multipart/:id', AbortMultipartUpload);
  api.get('/v1/jobs', ListJobs);
  api.get('/v1/jobs/:id', GetJob);
  api.get('/v1/jobs/:id/rejects', ListRejects);
  api.get('/v1/dead-letters', ListDeadLetters);
  api.post('/v1/dead-letters/replay', ReplayDeadLetters);
  api.post('/v1/dead-letters/:id/replay', ReplayDeadLetter);
  api.post('/v1/replays', ReplayDeliveries);
  api.post('/v1/redrives', CreateRedrive);
  api.post('/v1/resyncs', RequestResync);
  api.get('/v1/connection', GetConnection);
  api.post('/v1/connection', ConnectShop);
  api.post('/v1/connection/checks', CheckConnection);
  api.get('/v1/resyncs/:id', GetResync);
  api.post('/v1/exports', RequestExport);
  api.get('/v1/exports/:id', GetExport);
  api.get('/exports/:id/:table/:part', DownloadExportFile);
  return api;
}
