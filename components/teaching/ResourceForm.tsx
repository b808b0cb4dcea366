"use client";

import { useId, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ActionMessages, useAction } from "@/components/consultation/useAction";
import type { SchedulingOptions } from "@/server/teaching/resources";

/** Adds an operating room or a camera kit of a hospital (the page refreshes with it in the form's lists). */
export function ResourceForm({ options }: { options: SchedulingOptions }) {
  const { t } = useI18n();
  const id = useId();
  const action = useAction();
  const [kind, setKind] = useState<"OPERATING_ROOM" | "CAMERA_KIT">("OPERATING_ROOM");
  const hospitals = options.institutions.filter((i) => i.level === "PROVINCIAL" || i.level === "CITY");
  const [institutionId, setInstitutionId] = useState(hospitals[0]?.id ?? "");
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [homeRoom, setHomeRoom] = useState("");
  const rooms = options.operatingRooms.filter((r) => r.institutionId === institutionId);

  async function add() {
    const body = kind === "OPERATING_ROOM" ? { kind, institutionId, code, name } : { kind, institutionId, code, name, ...(homeRoom ? { operatingRoomId: homeRoom } : {}) };
    const created = await action.run("/api/teaching/resources", { body, success: t("teaching.ui.resource.added") });
    if (created) {
      setCode("");
      setName("");
    }
  }

  return (
    <details className="card">
      <summary>{t("teaching.ui.resource.title")}</summary>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <div className="teaching-form-row">
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t("teaching.ui.resource.kind")}</label>
            <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value as typeof kind)}>
              <option value="OPERATING_ROOM">{t("teaching.ui.resource.OPERATING_ROOM")}</option>
              <option value="CAMERA_KIT">{t("teaching.ui.resource.CAMERA_KIT")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-institution`}>{t("teaching.ui.resource.institution")}</label>
            <select id={`${id}-institution`} value={institutionId} onChange={(event) => setInstitutionId(event.target.value)}>
              {hospitals.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-code`}>{t("teaching.ui.resource.code")}</label>
            <input id={`${id}-code`} value={code} maxLength={32} required pattern="[A-Za-z0-9][A-Za-z0-9_\-]*" onChange={(event) => setCode(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t("teaching.ui.resource.name")}</label>
            <input id={`${id}-name`} value={name} maxLength={100} required onChange={(event) => setName(event.target.value)} />
          </div>
          {kind === "CAMERA_KIT" ? (
            <div className="field">
              <label htmlFor={`${id}-home`}>{t("teaching.ui.resource.homeRoom")}</label>
              <select id={`${id}-home`} value={homeRoom} onChange={(event) => setHomeRoom(event.target.value)}>
                <option value="">{t("teaching.ui.resource.none")}</option>
                {rooms.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        <ActionMessages error={action.error} done={action.done} />
        <button type="submit" className="button button--ghost" disabled={action.busy || !code.trim() || !name.trim() || !institutionId}>
          {t("teaching.ui.resource.submit")}
        </button>
      </form>
    </details>
  );
}
