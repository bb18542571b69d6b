// The small round-robin proxy of `npm run start:cluster` (http-proxy): one base URL in front of the
// instances. It forwards the client's address in X-Forwarded-For (the instances count it as one
// trusted hop), skips an instance whose /api/ready fails, and moves a request to the next instance
// only when the chosen one refused the connection (the request never reached it, so it is safe to
// resend, POSTs included). Anything that failed after reaching an instance is a 502 for the client
// to retry with the same Idempotency-Key.
import http from "node:http";
import httpProxy from "http-proxy";

const READY_EVERY_MS = 2_000;

export function startClusterProxy({ port, host, targets, log = console.log }) {
  const instances = targets.map((url) => ({ url, up: true }));
  const proxy = httpProxy.createProxyServer({ xfwd: true, proxyTimeout: 120_000 });
  let next = 0;

  const pick = (skip) => {
    const pool = instances.filter((i) => i.up && !skip.has(i));
    const candidates = pool.length ? pool : instances.filter((i) => !skip.has(i));
    if (!candidates.length) return null;
    return candidates[next++ % candidates.length];
  };

  const forward = (req, res, skip = new Set()) => {
    const target = pick(skip);
    if (!target) {
      res.writeHead(503, { "content-type": "application/json", "retry-after": "2" });
      res.end(
        JSON.stringify({ error: { code: "service_unavailable", message: "No instance is answering." } }),
      );
      return;
    }
    proxy.web(req, res, { target: target.url }, (error) => {
      if (error.code === "ECONNREFUSED" && !res.headersSent) {
        target.up = false;
        skip.add(target);
        return forward(req, res, skip);
      }
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "application/json", "retry-after": "1" });
        res.end(
          JSON.stringify({
            error: { code: "bad_gateway", message: "The instance failed before answering; retry." },
          }),
        );
      } else res.destroy();
    });
  };

  const checkReady = async () => {
    await Promise.all(
      instances.map(async (i) => {
        try {
          const r = await fetch(`${i.url}/api/ready`, { signal: AbortSignal.timeout(1_500) });
          i.up = r.ok;
        } catch {
          i.up = false;
        }
      }),
    );
  };
  const timer = setInterval(checkReady, READY_EVERY_MS);
  timer.unref();

  const server = http.createServer((req, res) => forward(req, res));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      log(`[cluster] proxy on ${host ?? "every interface"} port ${port} → ${targets.join(", ")}`);
      resolve({
        instances,
        close: () =>
          new Promise((done) => {
            clearInterval(timer);
            proxy.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
