/**
 * For tests: the platform's HTTP entry (handleHttpRequest: same-origin rule, body limits, client
 * address, fast routes) on a loopback port, with "Next" played by real apiRoute handlers picked
 * per request. The custom server hands Next the same Node request, so headers and body pass as is.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import type { apiRoute } from "@/app/_lib/api";
import { handleHttpRequest } from "@/server/http/fastRoutes";

type RouteHandler = ReturnType<typeof apiRoute>;

/** The handler "Next" runs for a request, with the path's dynamic segments when it has any. */
export type RouteMatch = RouteHandler | { route: RouteHandler; params: Record<string, string | string[]> } | undefined;

async function viaNext(req: IncomingMessage, match: RouteMatch): Promise<Response> {
  if (!match) return new Response("no route", { status: 404 });
  const { route, params } = typeof match === "function" ? { route: match, params: {} } : match;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  // Like Next, the handler gets the body as a stream: it reads (and limits) what it needs.
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  const body = hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined;
  const request = new NextRequest(`http://127.0.0.1${req.url}`, { method: req.method, headers, body, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);
  return route(request, { params: Promise.resolve(params) });
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
      const answer = await viaNext(request, routeFor(request));
      response.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
      response.end(await answer.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
