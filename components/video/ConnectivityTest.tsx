"use client";

import { Device } from "mediasoup-client";
import { useState } from "react";
import { io } from "socket.io-client";
import { useI18n } from "@/components/i18n/I18nProvider";

type Outcome = "udp" | "tcp" | "none";
type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: { message: string } };

/** Connects a throw-away transport over UDP only, then TCP only, and says in plain words what works. */
async function probe(roomId: string): Promise<Outcome> {
  const response = await fetch(`/api/video/rooms/${roomId}/token`, { method: "POST" });
  const { token } = (await response.json()) as { token?: string };
  const socket = io("/media", { path: "/socket.io", transports: ["websocket"], auth: { token, roomId }, forceNew: true, reconnection: false });
  const ask = async (message: string, payload: object) => {
    const ack = (await socket.timeout(10_000).emitWithAck(message, payload)) as Ack;
    if (!ack.ok) throw new Error(ack.error.message);
    return ack as unknown as { routerRtpCapabilities: never; transport: never };
  };
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    for (const protocol of ["udp", "tcp"] as const) {
      const created = await ask("probe:create", { protocol });
      const device = new Device();
      await device.load({ routerRtpCapabilities: created.routerRtpCapabilities });
      const transport = device.createSendTransport(created.transport);
      transport.on("connect", ({ dtlsParameters }, callback, errback) => {
        ask("probe:connect", { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
      });
      transport.on("producedata", (_parameters, callback) => callback({ id: crypto.randomUUID() }));
      const connected = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 6_000);
        transport.on("connectionstatechange", (state) => {
          if (state === "connected") {
            clearTimeout(timer);
            resolve(true);
          } else if (state === "failed") {
            clearTimeout(timer);
            resolve(false);
          }
        });
      });
      // A data channel is the cheapest way to make the transport start ICE and DTLS.
      void transport.produceData({ label: "probe" }).catch(() => undefined);
      const ok = await connected;
      transport.close();
      await ask("probe:close", { transportId: transport.id });
      if (ok) return protocol;
    }
    return "none";
  } finally {
    socket.disconnect();
  }
}

export function ConnectivityTest({ roomId }: { roomId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<"idle" | "running" | Outcome | "error">("idle");
  const run = () => {
    setState("running");
    probe(roomId).then(setState, () => setState("error"));
  };
  const tone = state === "udp" ? "info" : state === "tcp" || state === "running" || state === "idle" ? "info" : "error";
  return (
    <div className="video-connectivity">
      <button type="button" className="button button--ghost" onClick={run} disabled={state === "running"} data-testid="connectivity-test">
        {state === "running" ? t("video.prejoin.testing") : t("video.prejoin.testNetwork")}
      </button>
      {state !== "idle" && state !== "running" ? (
        <p className={`notice notice--${tone}`} role="status" data-testid="connectivity-result">
          {t(`video.prejoin.network.${state}`)}
        </p>
      ) : null}
    </div>
  );
}
