"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { codeOptions, SelectField } from "@/components/ui/SelectField";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { useFieldErrors } from "@/components/ui/useFieldErrors";
import { TEXT_LIMITS } from "@/server/consultation/textLimits";
import { CONSULTATION_TYPES, URGENCIES } from "@/server/consultation/specialties";
import { callApi } from "./client";
import { PatientPicker, type PickedPatient } from "./PatientPicker";

interface Expert {
  id: string;
  displayName: string;
  specialty: string;
}

export interface ExistingDraft {
  id: string;
  version: number;
  patient: PickedPatient;
  type: string;
  specialty: string;
  urgency: string;
  preferredExpertId: string | null;
  clinicalSummary: string;
  question: string;
  preferredTimes: string;
}

/** Creates a draft, or edits one (with its version, so two tabs cannot overwrite each other). */
export function RequestForm({ specialties, experts, existing, initialPatient = null }: { specialties: readonly string[]; experts: Expert[]; existing?: ExistingDraft; initialPatient?: PickedPatient | null }) {
  const { t } = useI18n();
  const router = useRouter();
  const [patient, setPatient] = useState<PickedPatient | null>(existing?.patient ?? initialPatient);
  const [specialty, setSpecialty] = useState(existing?.specialty ?? specialties[0] ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = useFieldErrors();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const valid = fields.check(event.currentTarget);
    if (!patient) {
      setError(t("cons.new.patientRequired"));
      return;
    }
    if (!valid) {
      // A text over its limit says so itself; otherwise the marked fields are empty or too short.
      const overLimit = Array.from(event.currentTarget.elements).some((element) => (element as HTMLTextAreaElement).validity?.customError);
      setError(t(overLimit ? "common.textLimit.fixFirst" : "form.fixMarked"));
      return;
    }
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await callApi<{ id: string }>(existing ? `/api/consultations/${existing.id}` : "/api/consultations", {
      method: existing ? "PATCH" : "POST",
      body: {
        ...(existing ? { expectedVersion: existing.version } : {}),
        residentId: patient.id,
        type: form.get("type"),
        specialty,
        urgency: form.get("urgency"),
        preferredExpertId: form.get("preferredExpertId") || null,
        clinicalSummary: form.get("clinicalSummary"),
        question: form.get("question"),
        preferredTimes: form.get("preferredTimes"),
      },
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message || t("cons.error.network"));
      return;
    }
    router.push(`/consultations/${result.data.id}`);
    router.refresh();
  }

  return (
    <form className="card form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <PatientPicker value={patient} onChange={setPatient} />
      <SelectField id="type" name="type" label={t("cons.field.type")} defaultValue={existing?.type ?? "REMOTE_CONSULTATION"} options={codeOptions(CONSULTATION_TYPES, t, "cons.type")} />
      <SelectField id="specialty" label={t("cons.field.specialty")} value={specialty} onChange={(event) => setSpecialty(event.target.value)} options={codeOptions(specialties, t, "cons.specialty")} />
      <SelectField
        id="preferredExpertId"
        name="preferredExpertId"
        label={t("cons.field.preferredExpert")}
        emptyLabel={t("cons.new.anyExpert")}
        defaultValue={existing?.preferredExpertId ?? ""}
        options={experts.filter((e) => e.specialty === specialty).map((e) => ({ value: e.id, label: e.displayName }))}
      />
      <fieldset className="field">
        <legend>{t("cons.field.urgency")}</legend>
        <div className="row-actions">
          {URGENCIES.map((u) => (
            <label key={u} className="choice">
              <input type="radio" name="urgency" value={u} defaultChecked={u === (existing?.urgency ?? "ROUTINE")} /> {t(`cons.urgency.${u}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <LimitedTextarea id="clinicalSummary" name="clinicalSummary" rows={6} max={TEXT_LIMITS.clinicalSummary} label={t("cons.field.summary")} hint={t("cons.new.summaryHint")} defaultValue={existing?.clinicalSummary} required error={fields.errors.clinicalSummary} onInput={() => fields.clear("clinicalSummary")} />
      <LimitedTextarea id="question" name="question" rows={3} max={TEXT_LIMITS.question} label={t("cons.field.question")} defaultValue={existing?.question} required error={fields.errors.question} onInput={() => fields.clear("question")} />
      <div className="field">
        <label htmlFor="preferredTimes">{t("cons.field.preferredTimes")}</label>
        <input id="preferredTimes" name="preferredTimes" maxLength={500} placeholder={t("cons.new.timesHint")} defaultValue={existing?.preferredTimes} />
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t("common.loading") : t("cons.new.saveDraft")}
        </button>
      </div>
      <p className="field__hint">{t("cons.new.nextSteps")}</p>
    </form>
  );
}
