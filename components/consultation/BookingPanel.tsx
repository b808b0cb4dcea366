"use client";

import { useEffect, useId, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "./client";
import { formatDateTime } from "./format";
import { ActionMessages, useAction } from "./useAction";

interface Slot {
  start: string;
  end: string;
}

/** Picks a free slot (expert and requesting doctor both free) and books or reschedules. */
export function BookingPanel({ id, version, mode }: { id: string; version: number; mode: "book" | "reschedule" }) {
  const { t, locale } = useI18n();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();
  const reasonId = useId();

  useEffect(() => {
    let live = true;
    void callApi<Slot[]>(`/api/consultations/${id}/slots`).then((result) => {
      if (!live) return;
      if (result.ok) setSlots(result.data);
      else setLoadError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [id, version]);

  async function book() {
    if (!picked) return;
    const url = `/api/consultations/${id}/${mode === "book" ? "book" : "reschedule"}`;
    const body = mode === "book" ? { startsAt: picked, expectedVersion: version } : { startsAt: picked, expectedVersion: version, reason };
    await action.run(url, {
      body,
      success: t(mode === "book" ? "cons.book.done" : "cons.book.rescheduled"),
      onError: (error) => {
        // "This time was just taken": offer the next free slots at once.
        const next = (error.details as { nextSlots?: { startsAt: string; endsAt: string }[] } | undefined)?.nextSlots;
        if (next) setSlots(next.map((s) => ({ start: s.startsAt, end: s.endsAt })));
        setPicked(null);
      },
    });
  }

  return (
    <section className="card" aria-labelledby={`${reasonId}-h`}>
      <h2 id={`${reasonId}-h`}>{t(mode === "book" ? "cons.book.heading" : "cons.book.rescheduleHeading")}</h2>
      {loadError ? <p className="notice notice--error">{loadError}</p> : null}
      {slots === null && !loadError ? <p role="status">{t("common.loading")}</p> : null}
      {slots && slots.length === 0 ? <p className="notice notice--info">{t("cons.book.noSlots")}</p> : null}
      {slots && slots.length > 0 ? (
        <ul className="slot-list" aria-label={t("cons.book.slots")} data-testid="slot-list">
          {slots.slice(0, 16).map((slot) => (
            <li key={slot.start}>
              <button type="button" className="button button--ghost" aria-pressed={picked === slot.start} onClick={() => setPicked(slot.start)}>
                {formatDateTime(slot.start, locale)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {mode === "reschedule" ? (
        <div className="field">
          <label htmlFor={reasonId}>{t("cons.common.reason")}</label>
          <input id={reasonId} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
        </div>
      ) : null}
      <ActionMessages error={action.error} done={action.done} />
      <button type="button" className="button button--primary" disabled={!picked || action.busy} onClick={() => void book()}>
        {picked ? t("cons.book.confirm", { time: formatDateTime(picked, locale) }) : t("cons.book.pick")}
      </button>
    </section>
  );
}
