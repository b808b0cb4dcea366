/**
 * POST /api/v1/devices/readings without Next, its only handler (fastRoutes.ts): home devices send
 * batches of readings with their own bearer token (server/record/devicesIngest.ts). A raw route
 * because the ingest target (5,000 readings/s in batches of 100, p99 < 100 ms; bench/device-
 * ingest.bench.ts, docs/benchmarks.md) leaves little room for Next's route layer on 2 cores, and
 * because the body limit is the route's own (64 KB, refused before it is read when announced).
 * Same JSON errors, request id and headers as every API (boundary.ts, respond.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getPlatform } from "@/server/platform";
import { ingestDeviceReadings, MAX_DEVICE_BODY_BYTES } from "@/server/record/devicesIngest";
import { BodyTooLargeError, clientAddressOf } from "./boundary";
import { jsonBodyRefusal, localeOf, readBody, requestIdOf, send, sendError } from "./respond";

export const DEVICE_READINGS_PATH = "/api/v1/devices/readings";

/** The device API: authenticated by the device's bearer token, never by a cookie. */
export function isDeviceReadings(req: IncomingMessage): boolean {
  return req.method === "POST" && req.url !== undefined && (req.url === DEVICE_READINGS_PATH || req.url.startsWith(`${DEVICE_READINGS_PATH}?`));
}

export async function handleDeviceReadings(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = requestIdOf(req);
  const locale = localeOf(req);
  try {
    const wrongType = jsonBodyRefusal(req);
    if (wrongType) throw wrongType;
    if (Number(req.headers["content-length"] ?? 0) > MAX_DEVICE_BODY_BYTES) {
      // Answer without reading what the device is still sending, and close: the rest is not wanted.
      res.setHeader("connection", "close");
      req.resume();
      throw new BodyTooLargeError(MAX_DEVICE_BODY_BYTES);
    }
    const rawBody = await readBody(req, MAX_DEVICE_BODY_BYTES);
    if (rawBody === null) {
      res.setHeader("connection", "close");
      throw new BodyTooLargeError(MAX_DEVICE_BODY_BYTES);
    }
    const platform = getPlatform();
    const answer = await ingestDeviceReadings(
      platform.deviceReadings,
      { authorization: req.headers.authorization, rawBody, ip: clientAddressOf(req), requestId },
      (residentId, alerts) => platform.vitalAlerts.enqueue(residentId, alerts),
      new Date(),
      (tokenHash) => platform.limits.deviceBatches.use(tokenHash),
    );
    send(res, 200, answer, requestId);
  } catch (error) {
    sendError(res, error, locale, requestId);
  }
}
