/**
 * For tests: the platform's HTTP entry (handleHttpRequest: same-origin rule, body limits, client
 * address, fast routes) on a loopback port, with "Next" played by real apiRoute handlers picked
 * per request. The custom server hands Next the same Node request, so headers and body pass as is.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import type { apiRoute } from "@/app/_lib/api";
import { handleHttpRequest } from "@/server/http/fastRoutes";

type RouteHandler = ReturnType<typeof apiRoute>;

/** The handler "Next" runs for a request, with the path's dynamic segments when it has any. */
export type RouteMatch = RouteHandler | { route: RouteHandler; params: Record<string, string | string[]> } | undefined;

/**
 * The request body as Next hands it to a route: a stream read only when the route reads it. A
 * route that answers without reading (a refusal) leaves the body to be drained, as Node does for
 * an unread request, so the keep-alive connection can carry the next request; one that stopped
 * reading midway (a limit) has its connection closed after the answer.
 */
function bodyOf(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; settle(response: ServerResponse): void } {
  let chunks: AsyncIterator<Buffer> | undefined;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= req[Symbol.asyncIterator]();
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
      async cancel() {
        await chunks?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    settle(response) {
      if (req.readableEnded) return;
      if (chunks === undefined) req.resume();
      else response.setHeader("connection", "close");
    },
  };
}

async function viaNext(req: IncomingMessage, res: ServerResponse, match: RouteMatch): Promise<Response> {
  if (!match) return new Response("no route", { status: 404 });
  const { route, params } = typeof match === "function" ? { route: match, params: {} } : match;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  // Like Next, the handler gets the body as a stream: it reads (and limits) what it needs.
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  const body = hasBody ? bodyOf(req) : undefined;
  const request = new NextRequest(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: body?.stream, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);
  try {
    return await route(request, { params: Promise.resolve(params) });
  } finally {
    body?.settle(res);
  }
}

export interface HttpEntry {
  base: string;
  close(): Promise<void>;
}

/**
 * Starts the entry. `routeFor` picks the handler "Next" would run (undefined: 404) and the path's
 * params; `rawRoute` may answer a request itself where the fast routes do, after the entry's own
 * work (security headers, cross-site and body checks); it returns true when it did.
 */
export async function startHttpEntry(routeFor: (req: IncomingMessage) => RouteMatch, rawRoute?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<HttpEntry> {
  const server: Server = createServer((req, res) => {
    void handleHttpRequest(req, res, async (request, response) => {
      if (rawRoute?.(request, response)) return;
      const answer = await viaNext(request, response, routeFor(request));
      response.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
