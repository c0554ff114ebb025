/** Child process of runLoad: a fixed number of concurrent keep-alive connections, each sending back to back. */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signedDelivery } from './deliveries';
import type { LoadResult, LoadSpec } from './load';

function post(agent: Agent, url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  const stride = spec.stride ?? 1;
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;

  const start = performance.now();
  const more = () => (spec.durationMs !== undefined ? performance.now() - start < spec.durationMs : started < (spec.count ?? 0));

  const connection = async () => {
    while (more()) {
      const { headers, body } = signedDelivery(spec.runId, spec.firstIndex + stride * started++, spec.secret, spec.mix);
      const sent = performance.now();
      try {
        const response = await post(agent, url, headers, body);
        latencies.push(performance.now() - sent);
        if (response.status !== 200 || (spec.expectBody !== undefined && response.text !== spec.expectBody)) {
          failures++;
          firstFailure ??= `${response.status} ${response.text.slice(0, 300)}`;
        }
      } catch (error) {
        failures++;
        firstFailure ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, connection));
  const end = performance.now();
  agent.destroy();

  return {
    requests: started,
    failures,
    firstFailure,
    startedAt: performance.timeOrigin + start,
    endedAt: performance.timeOrigin + end,
    latenciesMs: latencies,
  };
}

process.once('message', (spec: LoadSpec) => {
  void run(spec).then((result) => process.send!(result, () => process.exit(0)));
});
// Exits with the parent, whatever happened to it.
process.on('disconnect', () => process.exit(1));
