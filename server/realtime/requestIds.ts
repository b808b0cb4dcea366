/**
 * Request ids for socket.io, so one id follows a person's action from the browser through the
 * socket message to the SFU's log lines (lib/log.ts withLogContext). A connection's id is its
 * handshake's: the x-request-id the client sent with the handshake when it is a plain token, else
 * a fresh one, fixed once per engine.io connection (its namespaces share the handshake request).
 * Each message handled on it gets `<handshake id>.<n>`, so a message's lines are told apart and
 * still lead back to the connection.
 */
import type { IncomingMessage } from "node:http";
import { requestIdFrom } from "@/server/http/boundary";

const HANDSHAKE_ID = Symbol("rmp.handshakeRequestId");
const MESSAGE_COUNT = Symbol("rmp.handshakeMessageCount");

type HandshakeRequest = IncomingMessage & { [HANDSHAKE_ID]?: string; [MESSAGE_COUNT]?: number };

/** The id of the connection whose handshake this request was. */
export function handshakeRequestId(request: IncomingMessage): string {
  const handshake = request as HandshakeRequest;
  handshake[HANDSHAKE_ID] ??= requestIdFrom(request.headers["x-request-id"]);
  return handshake[HANDSHAKE_ID];
}

/** A fresh id for one message on the connection, derived from its handshake's. */
export function messageRequestId(request: IncomingMessage): string {
  const handshake = request as HandshakeRequest;
  handshake[MESSAGE_COUNT] = (handshake[MESSAGE_COUNT] ?? 0) + 1;
  return `${handshakeRequestId(request)}.${handshake[MESSAGE_COUNT]}`;
}
