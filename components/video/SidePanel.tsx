"use client";

import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import type { RecordPanelData } from "@/server/video/recordPanel";
import { ConfirmButton } from "./ConfirmButton";
import type { ParticipantView } from "@/server/video/protocol";
import { GuestInvite } from "./GuestInvite";
import type { MediaClient, RoomState } from "./mediaClient";

type Tab = "people" | "chat" | "record";

export function SidePanel({ client, state, record, onError, guest = false, smsEnabled = false }: { client: MediaClient; state: RoomState; record: RecordPanelData | null; onError: (message: string | null) => void; guest?: boolean; smsEnabled?: boolean }) {
  const { t } = useI18n();
  const guestBadge = (kind: ParticipantView["guestKind"]) =>
    kind ? (
      <span className="video-badge video-badge--guest" data-testid="guest-badge">
        {t("video.guest.badge", { kind: t(`video.guest.kind.${kind}`) })}
      </span>
    ) : null;
  const [tab, setTab] = useState<Tab>("people");
  const [draft, setDraft] = useState("");
  const isHost = state.role === "HOST";

  const run = (action: Promise<unknown>) => {
    onError(null);
    action.catch((error: Error) => onError(error.message));
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    run(client.request("chat:send", { body: draft }).then(() => setDraft("")));
  };

  // A guest sees the call's people and chat, never the record.
  const tabs: [Tab, string][] = [
    ["people", t("video.panel.people")],
    ["chat", t("video.panel.chat")],
    ...(guest ? [] : [["record", t("video.panel.record")] as [Tab, string]]),
  ];

  return (
    <aside className="video-side card" aria-label={t("video.panel.label")}>
      <div role="tablist" className="video-tabs">
        {tabs.map(([key, label]) => (
          <button key={key} type="button" role="tab" id={`tab-${key}`} aria-selected={tab === key} aria-controls={`panel-${key}`} className="video-tab" onClick={() => setTab(key)} data-testid={`tab-${key}`}>
            {label}
            {key === "people" && isHost && state.waiting.length > 0 ? (
              <span className="video-badge video-badge--alert" data-testid="waiting-badge" aria-label={t("video.lobby.waitingCount", { count: state.waiting.length })}>
                {state.waiting.length}
              </span>
            ) : null}
          </button>
        ))}
      </div>

      {tab === "people" ? (
        <div role="tabpanel" id="panel-people" aria-labelledby="tab-people">
          {isHost && state.waiting.length > 0 ? (
            <section aria-label={t("video.lobby.waitingList")}>
              <h3>{t("video.lobby.waitingList")}</h3>
              <ul className="video-list">
                {state.waiting.map((person) => (
                  <li key={person.userId} data-testid={`waiting-${person.userId}`}>
                    <span>
                      {person.displayName}
                      {guestBadge(person.guestKind)}
                    </span>
                    <button type="button" className="button button--primary" onClick={() => run(client.request("host:admit", { userId: person.userId }))} data-testid="admit">
                      {t("video.lobby.admit")}
                    </button>
                    <ConfirmButton label={t("video.lobby.deny")} question={t("video.host.removeQuestion", { name: person.displayName })} confirmLabel={t("video.host.removeConfirm")} onConfirm={() => run(client.request("host:remove", { userId: person.userId }))} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <h3>{t("video.panel.inRoom")}</h3>
          <ul className="video-list" data-testid="participant-list">
            {state.participants
              .filter((person) => person.state === "joined" || person.state === "admitted")
              .map((person) => (
                <li key={person.userId}>
                  <span>
                    {person.displayName}
                    {person.role === "HOST" ? <span className="video-badge">{t("video.role.host")}</span> : null}
                    {guestBadge(person.guestKind)}
                    {!person.connected ? <span className="video-badge video-badge--fair">{t("video.room.reconnectingShort")}</span> : null}
                    {person.quality ? <span className={`video-badge video-badge--${person.quality}`}>{t(`video.quality.${person.quality}`)}</span> : null}
                  </span>
                  {isHost && person.userId !== state.userId && person.state === "joined" ? (
                    <span className="video-list__actions">
                      <button type="button" className="button button--ghost" onClick={() => run(client.request("host:mute", { userId: person.userId }))} data-testid={`mute-${person.userId}`}>
                        {t("video.host.mute")}
                      </button>
                      <ConfirmButton label={t("video.host.remove")} question={t("video.host.removeQuestion", { name: person.displayName })} confirmLabel={t("video.host.removeConfirm")} onConfirm={() => run(client.request("host:remove", { userId: person.userId }))} testId={`remove-${person.userId}`} />
                    </span>
                  ) : null}
                </li>
              ))}
          </ul>
          {isHost ? <GuestInvite roomId={client.roomId} smsEnabled={smsEnabled} rosterKey={[...state.waiting, ...state.participants].map((person) => person.userId).join(",")} /> : null}
        </div>
      ) : null}

      {tab === "chat" ? (
        <div role="tabpanel" id="panel-chat" aria-labelledby="tab-chat" className="video-chat">
          <ol className="video-chat__log" aria-live="polite" data-testid="chat-log">
            {state.chat.length === 0 ? <li className="muted">{t("video.chat.none")}</li> : null}
            {state.chat.map((message) => (
              <li key={message.id}>
                <strong>{message.authorName}</strong> <time className="muted" dateTime={message.sentAt}>{new Date(message.sentAt).toLocaleTimeString()}</time>
                <p>{message.body}</p>
              </li>
            ))}
          </ol>
          <form onSubmit={send} className="video-chat__form">
            <label htmlFor="chat-input" className="visually-hidden">
              {t("video.chat.label")}
            </label>
            <input id="chat-input" value={draft} maxLength={2000} onChange={(event) => setDraft(event.target.value)} placeholder={t("video.chat.placeholder")} />
            <button type="submit" className="button button--primary" data-testid="chat-send">
              {t("video.chat.send")}
            </button>
          </form>
          <p className="field__hint">{t("video.chat.savedHint")}</p>
        </div>
      ) : null}

      {tab === "record" && !guest ? (
        <div role="tabpanel" id="panel-record" aria-labelledby="tab-record" data-testid="record-panel">
          {record ? (
            <div>
              {record.patientName ? <h3>{record.patientName}</h3> : null}
              <dl>
                {(record.summary ?? []).map((row) => (
                  <div key={row.labelKey}>
                    <dt>{t(row.labelKey)}</dt>
                    <dd>{row.value}</dd>
                  </div>
                ))}
              </dl>
              <ul>
                {(record.attachments ?? []).map((file) => (
                  <li key={file.id}>
                    <a href={file.href} target="_blank" rel="noreferrer">
                      {file.name}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted" role="status">
              {t("video.panel.recordEmpty")}
            </p>
          )}
        </div>
      ) : null}
    </aside>
  );
}
