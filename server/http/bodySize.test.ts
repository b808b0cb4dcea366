import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_IMPORT_MB } from "@/server/healthcard/import/jobs";
import { BODY_LIMITS, bodySizeRefusal } from "./boundary";
import { handleHttpRequest } from "./fastRoutes";

const json = (length: number) => ({ contentType: "application/json", contentLength: String(length), transferEncoding: undefined });

describe("request body limits", () => {
  it("refuse an announced body over the limit of where it goes, before reading it", () => {
    expect(bodySizeRefusal("POST", "/api/consultations", json(BODY_LIMITS.other))).toBeNull();
    expect(bodySizeRefusal("POST", "/api/consultations", json(BODY_LIMITS.other + 1))).toMatchObject({ status: 413, code: "BODY_TOO_LARGE", params: { limit: "6 MB" } });
    expect(bodySizeRefusal("POST", "/api/auth/callback/credentials", { ...json(10 * 1024 * 1024), contentType: "application/x-www-form-urlencoded" })).toMatchObject({ status: 413, params: { limit: "16 KB" } });
    expect(bodySizeRefusal("POST", "/api/admin/imports", { contentType: "multipart/form-data; boundary=x", contentLength: String(20 * 1024 * 1024), transferEncoding: undefined })).toBeNull();
    expect(bodySizeRefusal("POST", "/api/admin/imports", { contentType: "multipart/form-data; boundary=x", contentLength: String(100 * 1024 * 1024), transferEncoding: undefined })).toMatchObject({ status: 413 });
    // A card import of MAX_IMPORT_MB reaches the import's own check (which names the 50 MB limit); an attachment form stays at 25 MB.
    expect(bodySizeRefusal("POST", "/api/admin/imports", { contentType: "multipart/form-data; boundary=x", contentLength: String(MAX_IMPORT_MB * 1024 * 1024 + 64 * 1024), transferEncoding: undefined })).toBeNull();
    expect(bodySizeRefusal("POST", "/api/consultations/x/attachments", { contentType: "multipart/form-data; boundary=x", contentLength: String(30 * 1024 * 1024), transferEncoding: undefined })).toMatchObject({ status: 413, params: { limit: "25 MB" } });
    expect(bodySizeRefusal("POST", "/api/x", { contentType: "application/json", contentLength: undefined, transferEncoding: "chunked" })).toMatchObject({ status: 411, code: "LENGTH_REQUIRED" });
    expect(bodySizeRefusal("GET", "/api/x", json(100 * 1024 * 1024))).toBeNull();
  });

  describe("through the platform's HTTP entry", () => {
    let server: Server;
    let port: number;
    let reachedNext = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        void handleHttpRequest(req, res, async (_req, response) => {
          reachedNext++;
          response.end("next");
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("answers a 100 MB upload 413 in the caller's language without reading it, and never hands it to Next", async () => {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          { host: "127.0.0.1", port, method: "POST", path: "/api/consultations/x/attachments", headers: { "content-type": "multipart/form-data; boundary=b", "content-length": String(100 * 1024 * 1024), "sec-fetch-site": "same-origin", cookie: "locale=en" } },
          (res) => {
            let body = "";
            res.on("data", (chunk: Buffer) => (body += chunk.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        // Only the first megabyte is ever sent: the answer must come without the rest.
        req.write(Buffer.alloc(1024 * 1024));
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "BODY_TOO_LARGE", message: expect.stringContaining("the limit is 25 MB") } });
      expect(reachedNext).toBe(0);
    });
  });
});
