import type { ReactNode } from "react";
import { formatDateTime } from "@/components/consultation/format";
import { Badge } from "@/components/ui/Badge";
import { getServerT } from "@/app/_lib/i18n";
import type { EmergencyView } from "@/server/record/emergency";
import "./record.css";

/** Emergency accesses as cards (server component): for the resident (who opened it), the clinician and the reviewing admin (whose record). */
export async function EmergencyList({ accesses, show, actions }: { accesses: EmergencyView[]; show: "clinician" | "patient" | "both"; actions?: (access: EmergencyView) => ReactNode }) {
  const { t, locale } = await getServerT();
  if (accesses.length === 0) return <p className="muted">{t("record.emergency.none")}</p>;
  return (
    <ul className="record-entries" data-testid="emergency-list">
      {accesses.map((a) => (
        <li key={a.id} className="card record-ground--emergency" data-testid="emergency-access">
          <p className="record-entry__title">
            {show !== "patient" ? t("record.emergency.by", { name: a.clinician.name, institution: a.institution ? (locale === "en" && a.institution.nameEn ? a.institution.nameEn : a.institution.name) : "—" }) : a.residentName}{" "}
            {a.active ? <Badge tone="danger">{t("record.emergency.active", { at: formatDateTime(a.expiresAt, locale) })}</Badge> : <Badge>{t("record.emergency.ended", { at: formatDateTime(a.expiresAt, locale) })}</Badge>}{" "}
            {a.review ? <Badge tone={a.review.outcome === "JUSTIFIED" ? "success" : "warning"}>{t(`record.emergency.outcome.${a.review.outcome}`)}</Badge> : <Badge tone="info">{t("record.emergency.pending")}</Badge>}
          </p>
          <dl className="cons-dl">
            {show === "both" ? (
              <>
                <dt>{t("record.emergency.patient")}</dt>
                <dd>{a.residentName}</dd>
              </>
            ) : null}
            <dt>{t("record.emergency.started")}</dt>
            <dd>{formatDateTime(a.startedAt, locale)}</dd>
            <dt>{t("record.emergency.reasonLabel")}</dt>
            <dd>{a.reason}</dd>
            {a.review ? (
              <>
                <dt>{t("record.review.outcome")}</dt>
                <dd>
                  {a.review.note ? `${a.review.note} · ` : ""}
                  {t("record.review.reviewedBy", { by: a.review.by ?? "—", at: formatDateTime(a.review.at, locale) })}
                </dd>
              </>
            ) : null}
          </dl>
          {actions?.(a)}
        </li>
      ))}
    </ul>
  );
}
