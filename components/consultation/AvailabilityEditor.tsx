"use client";

import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { formatDateTime } from "./format";
import { ActionMessages, useAction } from "./useAction";

interface TemplateRow {
  weekday: number;
  startMinute: number;
  endMinute: number;
  slotMinutes: number;
}

interface ExceptionRow {
  id: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  note: string | null;
}

const SLOT_LENGTHS = [10, 15, 20, 30, 45, 60];
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutes = (value: string) => {
  const [h, m] = value.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Weekly template rows plus leave/surgery/extra-hours exceptions, all in Asia/Shanghai time. */
export function AvailabilityEditor({ initialTemplates, exceptions }: { initialTemplates: TemplateRow[]; exceptions: ExceptionRow[] }) {
  const { t, locale } = useI18n();
  const [rows, setRows] = useState<TemplateRow[]>(initialTemplates);
  const save = useAction();
  const addException = useAction();
  const removeException = useAction();
  const update = (index: number, patch: Partial<TemplateRow>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  async function onAddException(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const at = (name: string) => `${String(form.get(name))}:00+08:00`;
    await addException.run("/api/scheduling/exceptions", {
      body: { kind: form.get("kind"), startsAt: at("startsAt"), endsAt: at("endsAt"), slotMinutes: Number(form.get("slotMinutes")), note: form.get("note") || undefined },
      success: t("cons.avail.exceptionAdded"),
    });
  }

  return (
    <div className="stack">
      <section className="card" aria-labelledby="tpl-h">
        <h2 id="tpl-h">{t("cons.avail.weekly")}</h2>
        <p className="field__hint">{t("cons.avail.weeklyHint")}</p>
        {rows.length === 0 ? <p className="muted">{t("cons.avail.noRows")}</p> : null}
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("cons.avail.weekday")}</th>
                <th scope="col">{t("cons.avail.start")}</th>
                <th scope="col">{t("cons.avail.end")}</th>
                <th scope="col">{t("cons.avail.slot")}</th>
                <th scope="col">
                  <span className="muted">{t("cons.avail.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  <td>
                    <select aria-label={t("cons.avail.weekday")} value={row.weekday} onChange={(e) => update(i, { weekday: Number(e.target.value) })}>
                      {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                        <option key={d} value={d}>
                          {t(`cons.weekday.${d}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input type="time" aria-label={t("cons.avail.start")} value={clock(row.startMinute)} onChange={(e) => update(i, { startMinute: minutes(e.target.value) })} />
                  </td>
                  <td>
                    <input type="time" aria-label={t("cons.avail.end")} value={clock(Math.min(row.endMinute, 1439))} onChange={(e) => update(i, { endMinute: minutes(e.target.value) })} />
                  </td>
                  <td>
                    <select aria-label={t("cons.avail.slot")} value={row.slotMinutes} onChange={(e) => update(i, { slotMinutes: Number(e.target.value) })}>
                      {SLOT_LENGTHS.map((m) => (
                        <option key={m} value={m}>
                          {t("cons.avail.minutes", { n: m })}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button type="button" className="button button--ghost" onClick={() => setRows((current) => current.filter((_, j) => j !== i))}>
                      {t("cons.avail.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="row-actions">
          <button type="button" className="button button--ghost" onClick={() => setRows((current) => [...current, { weekday: 1, startMinute: 540, endMinute: 720, slotMinutes: 30 }])}>
            {t("cons.avail.addRow")}
          </button>
          <button type="button" className="button button--primary" disabled={save.busy} onClick={() => void save.run("/api/scheduling/availability", { method: "PUT", body: { templates: rows }, success: t("cons.avail.saved") })}>
            {t("cons.avail.save")}
          </button>
        </div>
        <ActionMessages error={save.error} done={save.done} />
      </section>
      <section className="card" aria-labelledby="exc-h">
        <h2 id="exc-h">{t("cons.avail.exceptions")}</h2>
        {exceptions.length === 0 ? <p className="muted">{t("cons.avail.noExceptions")}</p> : null}
        <ul className="notif-list">
          {exceptions.map((e) => (
            <li key={e.id}>
              <span>
                <strong>{t(`cons.exception.${e.kind}`)}</strong> {formatDateTime(e.startsAt, locale)} – {formatDateTime(e.endsAt, locale)} {e.note ? `· ${e.note}` : ""}
              </span>
              <button type="button" className="button button--ghost" disabled={removeException.busy} onClick={() => void removeException.run(`/api/scheduling/exceptions/${e.id}`, { method: "DELETE" })}>
                {t("cons.avail.remove")}
              </button>
            </li>
          ))}
        </ul>
        <ActionMessages error={removeException.error} done={removeException.done} />
        <form className="form" onSubmit={(event) => void onAddException(event)}>
          <div className="toolbar">
            <div className="field">
              <label htmlFor="exc-kind">{t("cons.avail.kind")}</label>
              <select id="exc-kind" name="kind" defaultValue="LEAVE">
                {["LEAVE", "SURGERY", "EXTRA"].map((k) => (
                  <option key={k} value={k}>
                    {t(`cons.exception.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="exc-start">{t("cons.avail.from")}</label>
              <input id="exc-start" name="startsAt" type="datetime-local" required />
            </div>
            <div className="field">
              <label htmlFor="exc-end">{t("cons.avail.to")}</label>
              <input id="exc-end" name="endsAt" type="datetime-local" required />
            </div>
            <div className="field">
              <label htmlFor="exc-slot">{t("cons.avail.slot")}</label>
              <select id="exc-slot" name="slotMinutes" defaultValue={30}>
                {SLOT_LENGTHS.map((m) => (
                  <option key={m} value={m}>
                    {t("cons.avail.minutes", { n: m })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="exc-note">{t("cons.avail.note")}</label>
              <input id="exc-note" name="note" maxLength={200} />
            </div>
          </div>
          <ActionMessages error={addException.error} done={addException.done} />
          <div>
            <button type="submit" className="button button--primary" disabled={addException.busy}>
              {t("cons.avail.addException")}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
