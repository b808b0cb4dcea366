"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi, type ApiFailure } from "@/components/consultation/client";
import type { SchedulingOptions } from "@/server/teaching/resources";
import { CheckList } from "./CheckList";

type BusyResource = "surgeon" | "operatingRoom" | "cameraKit";

/** The coordinator's form: title, procedure, surgeon, moderators, room and kit, start and duration, invited institutions. */
export function ScheduleForm({ options, defaultDate }: { options: SchedulingOptions; defaultDate: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const id = useId();
  const [title, setTitle] = useState("");
  const [procedure, setProcedure] = useState("");
  const [description, setDescription] = useState("");
  const [surgeonId, setSurgeonId] = useState("");
  const [moderatorIds, setModeratorIds] = useState<string[]>([]);
  const [operatingRoomId, setOperatingRoomId] = useState("");
  const [cameraKitId, setCameraKitId] = useState("");
  const [date, setDate] = useState(defaultDate);
  const [time, setTime] = useState("09:00");
  const [duration, setDuration] = useState("120");
  const [invited, setInvited] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [missing, setMissing] = useState<string[]>([]);

  const room = options.operatingRooms.find((r) => r.id === operatingRoomId);
  const kits = useMemo(() => options.cameraKits.filter((k) => !room || k.institutionId === room.institutionId), [options.cameraKits, room]);
  const busyResource = error?.code === "RESOURCE_BUSY" ? ((error.details as { resource?: BusyResource } | undefined)?.resource ?? null) : null;
  const fieldError = (resource: BusyResource) => (busyResource === resource ? error?.message : null);

  function pickRoom(next: string) {
    setOperatingRoomId(next);
    // The kit kept in that room is the usual choice.
    const home = options.cameraKits.find((k) => k.operatingRoomId === next);
    if (home) setCameraKitId(home.id);
  }

  async function submit() {
    const required: [string, boolean][] = [
      [t("teaching.ui.field.title"), title.trim() !== ""],
      [t("teaching.ui.field.procedure"), procedure.trim() !== ""],
      [t("teaching.ui.field.surgeon"), surgeonId !== ""],
      [t("teaching.ui.field.moderators"), moderatorIds.length > 0],
      [t("teaching.ui.field.operatingRoom"), operatingRoomId !== ""],
      [t("teaching.ui.field.cameraKit"), cameraKitId !== ""],
      [t("teaching.ui.field.date"), date !== ""],
      [t("teaching.ui.field.time"), time !== ""],
      [t("teaching.ui.field.invited"), invited.length > 0],
    ];
    const gaps = required.filter(([, ok]) => !ok).map(([label]) => label);
    setMissing(gaps);
    if (gaps.length > 0) return;
    setBusy(true);
    setError(null);
    const result = await callApi<{ id: string }>("/api/teaching/sessions", {
      body: {
        title,
        procedure,
        description: description || undefined,
        surgeonId,
        moderatorIds,
        operatingRoomId,
        cameraKitId,
        // The form's wall clock is Beijing time, whatever the browser's zone.
        startsAt: `${date}T${time}:00+08:00`,
        durationMinutes: Number(duration),
        invitedInstitutionIds: invited,
      },
    });
    setBusy(false);
    if (!result.ok) {
      setError({ ...result.error, message: result.error.message || t("cons.error.network") });
      return;
    }
    router.push(`/teaching/${result.data.id}`);
  }

  return (
    <form
      className="card form"
      noValidate
      aria-labelledby={`${id}-h`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      data-testid="schedule-form"
    >
      <h2 id={`${id}-h`} className="visually-hidden">
        {t("teaching.ui.new.title")}
      </h2>
      {missing.length > 0 ? (
        <p className="notice notice--error" role="alert">
          {t("teaching.ui.new.fixFields", { fields: missing.join("、") })}
        </p>
      ) : null}
      {error && !busyResource ? (
        <p className="notice notice--error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="teaching-form-row">
        <div className="field">
          <label htmlFor={`${id}-title`}>{t("teaching.ui.field.title")}</label>
          <input id={`${id}-title`} value={title} maxLength={200} required onChange={(event) => setTitle(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-procedure`}>{t("teaching.ui.field.procedure")}</label>
          <input id={`${id}-procedure`} value={procedure} maxLength={200} required onChange={(event) => setProcedure(event.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t("teaching.ui.field.description")}</label>
        <textarea id={`${id}-description`} value={description} maxLength={2000} rows={3} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <div className="teaching-form-row">
        <Choice id={`${id}-surgeon`} label={t("teaching.ui.field.surgeon")} value={surgeonId} onChange={setSurgeonId} error={fieldError("surgeon")} choose={t("teaching.ui.choose")}
          options={options.surgeons.map((s) => ({ value: s.id, label: [s.displayName, s.title, s.institutionName, s.department].filter(Boolean).join(" · ") }))} />
        <Choice id={`${id}-room`} label={t("teaching.ui.field.operatingRoom")} value={operatingRoomId} onChange={pickRoom} error={fieldError("operatingRoom")} choose={t("teaching.ui.choose")}
          options={options.operatingRooms.map((r) => ({ value: r.id, label: `${r.institutionName} · ${r.name}` }))} />
        <Choice id={`${id}-kit`} label={t("teaching.ui.field.cameraKit")} value={cameraKitId} onChange={setCameraKitId} error={fieldError("cameraKit")} choose={t("teaching.ui.choose")}
          options={kits.map((k) => ({ value: k.id, label: k.name }))} />
      </div>
      <div className="teaching-form-row">
        <div className="field">
          <label htmlFor={`${id}-date`}>{t("teaching.ui.field.date")}</label>
          <input id={`${id}-date`} type="date" value={date} required onChange={(event) => setDate(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-time`}>{t("teaching.ui.field.time")}</label>
          <input id={`${id}-time`} type="time" step={900} value={time} required onChange={(event) => setTime(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-duration`}>{t("teaching.ui.field.duration")}</label>
          <input id={`${id}-duration`} type="number" min={15} max={720} step={15} value={duration} required onChange={(event) => setDuration(event.target.value)} />
        </div>
      </div>
      <CheckList
        legend={t("teaching.ui.field.moderators")}
        hint={t("teaching.ui.field.moderatorsHint")}
        items={options.moderators.filter((m) => m.id !== surgeonId).map((m) => ({ value: m.id, label: [m.displayName, m.institutionName].filter(Boolean).join(" · ") }))}
        selected={moderatorIds}
        onChange={setModeratorIds}
        testId="moderators"
      />
      <CheckList
        legend={t("teaching.ui.field.invited")}
        hint={t("teaching.ui.field.invitedHint")}
        items={options.institutions.map((i) => ({ value: i.id, label: i.name, group: t(`teaching.ui.level.${i.level}`) }))}
        selected={invited}
        onChange={setInvited}
        testId="invited"
      />
      <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
        {busy ? t("common.submitting") : t("teaching.ui.new.submit")}
      </button>
    </form>
  );
}

function Choice({ id, label, value, onChange, options, error, choose }: { id: string; label: string; value: string; onChange: (value: string) => void; options: { value: string; label: string }[]; error?: string | null; choose: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} required onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">{choose}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field__error" role="alert" data-testid="busy-resource">
          {error}
        </p>
      ) : null}
    </div>
  );
}
