/**
 * Fuzz suite, socket messages: every client message of the /media protocol (the registry in
 * protocol.ts) sent over a real socket.io connection to the real signalling stack (worker pool,
 * SFU rooms, the `on()` wrapper, the handlers, the database), by a host who is in media with
 * transports and producers and by a participant still in the lobby. Payloads are shaped like
 * the message's schema with hostile fields, real ids mixed in, or not objects at all. Every
 * message must get one ack within the time limit, refusals must carry a code other than
 * INTERNAL and a message, and the sockets must stay connected.
 */
import fc from "fast-check";
import type { Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "@/lib/log";
import { getDb } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { schemaInputs } from "@/test/fuzz/schemaInputs";
import { FUZZ_SEED, FuzzTally, HangError, INPUT_TIMEOUT_MS, report, runs, withinTimeLimit } from "@/test/fuzz/tally";
import { anyJson, deeplyNestedJson, nastyValue } from "@/test/fuzz/values";
import { clientMessages, type ClientMessage } from "./protocol";
import { ensureVideoRoom } from "./rooms";
import { connected, connectMedia, createTestUser, FAKE_DTLS, fakeRtpParameters, startHarness, tokenFor, type AckResult, type Harness, type TestUser } from "./testing";

const TARGET = "socket messages";
/** Generated payloads per message and sender, before FUZZ_RUNS. */
const RUNS_PER_MESSAGE = 120;
/** Ending the room would leave every later message nothing to act on: it is sent last. */
const LAST: ClientMessage = "host:end";

/**
 * socket.io's default maxHttpBufferSize (the platform's server keeps it): a larger message closes
 * the connection at the transport, by design, before any handler; it counts, but not as a crash.
 */
const SOCKET_IO_MESSAGE_LIMIT = 1_000_000;

const tally = new FuzzTally("socket");
let harness: Harness;
let host: TestUser;
let guest: TestUser;
let roomId: string;
const senders: Record<"host" | "guest", ClientSocket | undefined> = { host: undefined, guest: undefined };
/** How the messages were answered (ok or the error code): shows the handlers were reached, not only the schemas. */
const answers = new Map<string, number>();
const realIds: Record<string, string[]> = { transportId: [], producerId: [], consumerId: [], userId: [] };

async function ask(socket: ClientSocket, message: string, payload: unknown): Promise<AckResult> {
  return (await socket.timeout(INPUT_TIMEOUT_MS).emitWithAck(message, payload)) as AckResult;
}

async function connect(user: TestUser, role: "HOST" | "PARTICIPANT"): Promise<ClientSocket> {
  const socket = connectMedia(harness.url, user, { token: tokenFor(roomId, user, role), roomId });
  await connected(socket);
  await ask(socket, "lobby:enter", { reconnectKey: `fuzz-${user.id}` });
  return socket;
}

/** The host in media: entered, transports connected, audio and video produced (ids for the generators). */
async function hostInMedia(): Promise<ClientSocket> {
  const socket = await connect(host, "HOST");
  // The previous host socket's departure may still be in flight: ask again until the room takes us.
  let joined = await ask(socket, "media:join", { rtpCapabilities: (await ask(socket, "lobby:enter", { reconnectKey: `fuzz-${host.id}` })).routerRtpCapabilities });
  for (let attempt = 0; !joined.sendTransport && attempt < 30; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const entered = await ask(socket, "lobby:enter", { reconnectKey: `fuzz-${host.id}` });
    joined = await ask(socket, "media:join", { rtpCapabilities: entered.routerRtpCapabilities });
  }
  for (const transport of [joined.sendTransport, joined.recvTransport]) {
    realIds.transportId?.push(transport.id);
    await ask(socket, "transport:connect", { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  }
  for (const kind of ["audio", "video"] as const) {
    const produced = await ask(socket, "produce", { transportId: joined.sendTransport.id, kind, rtpParameters: fakeRtpParameters(kind, Math.floor(Math.random() * 1e6) * 10 + 1), source: kind === "audio" ? "mic" : "camera" });
    if (produced.ok) realIds.producerId?.push(produced.id);
  }
  return socket;
}

beforeAll(async () => {
  setLogLevel("error");
  await useTestDatabase();
  harness = await startHarness(getDb(), { rtcMinPort: 48000, reconnectGraceMs: 200 });
  host = await createTestUser(getDb(), "SPECIALIST", "模糊测试专家");
  guest = await createTestUser(getDb(), "COUNTY_DOCTOR", "模糊测试医生");
  const start = new Date();
  roomId = (await ensureVideoRoom(getDb(), { title: "模糊测试", scheduledStart: start, scheduledEnd: new Date(start.getTime() + 3_600_000), hostUserIds: [host.id], participantUserIds: [guest.id] })).id;
  realIds.userId?.push(host.id, guest.id);
  senders.host = await hostInMedia();
  senders.guest = await connect(guest, "PARTICIPANT");
}, 120_000);

afterAll(async () => {
  senders.host?.close();
  senders.guest?.close();
  await harness?.close();
  report(`fuzz ${TARGET}: ${JSON.stringify(tally.save()[TARGET])}; answers ${JSON.stringify(Object.fromEntries(answers))}`);
});

/** Puts real ids into the id fields of a generated payload half the time, so handlers get past "not found". */
function withRealIds(value: unknown, pick: number): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, ids] of Object.entries(realIds)) {
    if (key in copy && ids.length > 0 && pick % 2 === 0) copy[key] = ids[pick % ids.length];
  }
  return copy;
}

function payloadsFor(message: ClientMessage): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(schemaInputs(clientMessages[message]), fc.nat()).map(([value, pick]) => withRealIds(value, pick)) },
    { weight: 1, arbitrary: nastyValue },
    { weight: 1, arbitrary: anyJson },
    // socket.io's own encoder walks a payload recursively, so deeper than this never leaves the client.
    { weight: 1, arbitrary: fc.constantFrom(65, 500, 2_000).map((depth) => JSON.parse(deeplyNestedJson(depth, "object")) as unknown) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, "", [], "{}") },
  );
}

async function reconnected(who: "host" | "guest"): Promise<ClientSocket> {
  senders[who]?.close();
  senders[who] = who === "host" ? await hostInMedia() : await connect(guest, "PARTICIPANT");
  return senders[who] as ClientSocket;
}

async function sendOne(who: "host" | "guest", message: ClientMessage, payload: unknown): Promise<void> {
  tally.input(TARGET);
  const socket = senders[who]?.connected ? (senders[who] as ClientSocket) : await reconnected(who);
  const what = () => `${who} ${message} ${JSON.stringify(payload)?.slice(0, 300)}`;
  if ((JSON.stringify(payload)?.length ?? 0) > SOCKET_IO_MESSAGE_LIMIT) {
    socket.emit(message, payload);
    await new Promise((resolve) => setTimeout(resolve, 50));
    answers.set("closed by socket.io (over its message limit)", (answers.get("closed by socket.io (over its message limit)") ?? 0) + 1);
    return;
  }
  try {
    const ack = await withinTimeLimit(ask(socket, message, payload), INPUT_TIMEOUT_MS + 1_000);
    const answer = ack.ok ? "ok" : String(ack.error?.code);
    answers.set(answer, (answers.get(answer) ?? 0) + 1);
    if (ack.ok) return;
    if (ack.error?.code === "INTERNAL") tally.finding(TARGET, "serverErrors", `${what()} → ${JSON.stringify(ack)}`);
    else if (typeof ack.error?.code !== "string" || !ack.error.message) tally.finding(TARGET, "crashes", `${what()} → ack without the error shape ${JSON.stringify(ack)}`);
  } catch (error) {
    const timedOut = error instanceof HangError || /timed out|operation has timed out/i.test(String(error));
    tally.finding(TARGET, timedOut ? "hangs" : "crashes", `${what()} → ${String(error)}`);
  }
  // A host may remove or end for everyone, themselves included: that closes sockets by design.
  if (!socket.connected && message !== "host:remove" && message !== LAST) tally.finding(TARGET, "crashes", `${what()} → the server closed the socket`);
}

describe("fuzz: every /media client message through the real signalling stack", () => {
  it("one ack each, never INTERNAL, sockets kept, no hang", async () => {
    const messages = (Object.keys(clientMessages) as ClientMessage[]).filter((message) => message !== LAST);
    expect(messages.length).toBeGreaterThan(15);
    const seed = FUZZ_SEED;
    for (const message of [...messages, LAST]) {
      for (const who of message === LAST ? (["guest", "host"] as const) : (["host", "guest"] as const)) {
        await fc.assert(
          fc.asyncProperty(payloadsFor(message), async (payload) => {
            await sendOne(who, message, payload);
          }),
          { numRuns: runs(RUNS_PER_MESSAGE), seed },
        );
      }
    }
    expect(tally.findings, `seed ${seed}`).toEqual([]);
    expect(tally.of(TARGET)).toMatchObject({ serverErrors: 0, crashes: 0, hangs: 0 });
  }, 3_600_000);
});
