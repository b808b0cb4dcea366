/**
 * A 100 MB upload must be refused while it streams: whatever the client announces (a Content-Length
 * over the limit, a Content-Length that lies, chunked with no length), the server's memory may rise
 * by less than 20 MB while the body arrives. Client and server share this process, so the client
 * sends one reused megabyte again and again and allocates nothing per chunk itself.
 */
import { connect } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoute } from "@/app/_lib/api";
import { readUpload } from "@/server/http/uploadBody";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";

const MB = 1024 * 1024;
const ONE_MB = Buffer.alloc(MB, 0x41);

/** An upload route that reads its whole body the way the real ones do (readUpload). */
const uploadRoute = apiRoute({ access: { public: "test route" }, upload: true }, async ({ request }) => {
  const form = await readUpload(request, { maxBytes: 20 * MB });
  const file = form.get("file");
  return { bytes: file && typeof file !== "string" ? file.size : 0 };
});

let pulledBytes = 0;
/** A body that never ends; counts what the reader took. */
function endlessBody(): ReadableStream<Uint8Array> {
  pulledBytes = 0;
  return new ReadableStream({
    pull(controller) {
      pulledBytes += MB;
      controller.enqueue(new Uint8Array(ONE_MB));
    },
  });
}

let entry: HttpEntry;
let port: number;
beforeAll(async () => {
  entry = await startHttpEntry(() => uploadRoute);
  port = Number(new URL(entry.base).port);
});
afterAll(() => entry.close());

const used = () => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
};

/**
 * Sends `head` and then `total` bytes of body (framed as chunks when `chunked`) on a raw socket,
 * as fast as the server takes them, until all is sent or the server closes. Answers the response
 * text and the highest memory use seen above the start.
 */
async function upload(head: string, total: number, chunked = false): Promise<{ response: string; sentBytes: number; peakRiseBytes: number }> {
  globalThis.gc?.();
  const baseline = used();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, used())), 2);
  const socket = connect(port, "127.0.0.1");
  let response = "";
  let closed = false;
  socket.on("data", (chunk: Buffer) => (response += chunk.toString("latin1")));
  const done = new Promise<void>((resolve) => socket.on("close", () => ((closed = true), resolve())));
  socket.on("error", () => {});
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  socket.write(head);
  let sentBytes = 0;
  // Until sent, or the server has answered (a refusal comes before the body is read).
  while (sentBytes < total && !closed && socket.writable && response === "") {
    const frame = chunked ? [Buffer.from(`${MB.toString(16)}\r\n`), ONE_MB, Buffer.from("\r\n")] : [ONE_MB];
    let drained = true;
    for (const part of frame) drained = socket.write(part) && drained;
    sentBytes += MB;
    if (!drained && !closed) await new Promise<void>((resolve) => {
      const finish = () => (socket.off("drain", finish), socket.off("close", finish), resolve());
      socket.on("drain", finish).on("close", finish);
    });
  }
  if (chunked && !closed) socket.write("0\r\n\r\n");
  // A server that read it all answers now; one that refused it has answered and closed already.
  setTimeout(() => socket.destroy(), 1_000).unref();
  await done;
  clearInterval(sampler);
  return { response, sentBytes, peakRiseBytes: peak - baseline };
}

const headOf = (headers: Record<string, string>) =>
  `POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: same-origin\r\nCookie: locale=en\r\nContent-Type: multipart/form-data; boundary=b\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("")}\r\n`;

describe("a 100 MB upload through the platform's HTTP entry", () => {
  it("with its true Content-Length: 413 while it streams, memory up by less than 20 MB", async () => {
    const { response, peakRiseBytes } = await upload(headOf({ "Content-Length": String(100 * MB) }), 100 * MB);
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response).toContain("the limit is 25 MB");
    expect(peakRiseBytes).toBeLessThan(20 * MB);
  });

  it("with a Content-Length that says 1 MB: only that megabyte is read, the rest is not a request, memory up by less than 20 MB", async () => {
    const { response, peakRiseBytes } = await upload(headOf({ "Content-Length": String(MB) }), 100 * MB);
    // The declared megabyte is a body without a file part; what follows it is refused by Node's parser.
    expect(response).not.toMatch(/^HTTP\/1\.1 2/);
    expect(peakRiseBytes).toBeLessThan(20 * MB);
  });

  it("chunked, with no length at all: refused while it streams, memory up by less than 20 MB", async () => {
    const { response, peakRiseBytes } = await upload(headOf({ "Transfer-Encoding": "chunked" }), 100 * MB, true);
    expect(response).toMatch(/^HTTP\/1\.1 41[13]/);
    expect(peakRiseBytes).toBeLessThan(20 * MB);
  });
});

describe("an accepted upload is limited while it is read", () => {
  it("refuses a body announced past the route's limit (within the entry's) before reading it", async () => {
    const { response, peakRiseBytes } = await upload(headOf({ "Content-Length": String(24 * MB) }), 24 * MB);
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response).toContain("the limit is 20 MB");
    expect(peakRiseBytes).toBeLessThan(20 * MB);
  });

  it("stops reading a chunked body at the route's limit", async () => {
    const form = await uploadRoute(
      new NextRequest("http://127.0.0.1/api/upload", {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=b", "transfer-encoding": "chunked", cookie: "locale=en" },
        body: endlessBody(),
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]),
      { params: Promise.resolve({}) },
    );
    expect(form.status).toBe(413);
    expect(pulledBytes).toBeLessThan(25 * MB);
  });
});
