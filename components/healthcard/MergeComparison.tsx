"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import type { ResidentSummary } from "@/server/healthcard/lookup";
import type { MergePreview, MergePreviewSide } from "@/server/healthcard/merge";
import type { IdentityField } from "@/server/healthcard/mergeRules";

export type Translate = ReturnType<typeof useI18n>["t"];
type Named = { name: string; nameEn: string | null };

export function localName(named: Named, locale: string): string {
  return locale === "en" && named.nameEn ? named.nameEn : named.name;
}

/** Card status and issuer; `labelled` puts "health card" in front where no column header says it. */
export function cardText(resident: ResidentSummary, t: Translate, locale: string, labelled: boolean): string {
  if (!resident.cardStatus) return t("healthCard.ui.merge.noCard");
  const state = t(`healthCard.ui.status.${resident.cardStatus}`);
  const status = labelled ? `${t("healthCard.ui.merge.healthCard")} ${state}` : state;
  return resident.cardInstitution ? `${status} · ${t("healthCard.ui.merge.issuedBy", { institution: localName(resident.cardInstitution, locale) })}` : status;
}

/** One record named so two of the same name cannot be confused: name, masked document, masked card. */
export function recordLine(resident: ResidentSummary, t: Translate): string {
  return t("healthCard.ui.merge.recordLine", { name: resident.name, doc: resident.docNumberMasked ?? "—", card: resident.cardIdMasked ?? t("healthCard.ui.merge.noCard") });
}

export function conflictFieldsText(fields: readonly IdentityField[], t: Translate, locale: string): string {
  return fields.map((f) => t(`healthCard.ui.merge.conflictField.${f}`)).join(locale === "en" ? ", " : "、");
}

function identifierList(side: MergePreviewSide, t: Translate, locale: string): ReactNode {
  if (side.identifiers.length === 0) return t("healthCard.ui.merge.noIdentifiers");
  return (
    <ul className="merge-identifiers">
      {side.identifiers.map((identifier) => (
        <li key={identifier.id}>
          {t(`healthCard.ui.kind.${identifier.kind}`)} <span className="break">{identifier.value}</span>
          <span className="muted"> · {identifier.issuerName ? localName(identifier.issuerName, locale) : identifier.issuer}</span>
        </li>
      ))}
    </ul>
  );
}

interface Row {
  label: string;
  cell: (side: MergePreviewSide) => ReactNode;
  /** The text compared between the two sides; rows without it (counts, the two cards) are not compared. */
  compare?: (side: MergePreviewSide) => string;
  /** An identity field: a difference there is a conflict that blocks the merge. */
  identity?: IdentityField;
}

/**
 * Both records side by side. Every differing field is marked in words ("不一致"/"differs"), an
 * identity conflict more strongly ("身份冲突"), not by colour alone; the column headers name each
 * record by name, masked document and card.
 */
export function MergeComparison({ preview }: { preview: MergePreview }) {
  const { t, locale } = useI18n();
  const text = (side: MergePreviewSide, pick: (r: ResidentSummary) => string | null) => pick(side.resident) ?? "—";
  const rows: Row[] = [
    { label: t("healthCard.ui.field.name"), cell: (s) => s.resident.name, compare: (s) => s.resident.name },
    { label: t("healthCard.ui.field.sex"), cell: (s) => t(`healthCard.ui.sex.${s.resident.sex}`), compare: (s) => s.resident.sex, identity: "sex" },
    { label: t("healthCard.ui.field.birthDate"), cell: (s) => text(s, (r) => r.birthDate), compare: (s) => text(s, (r) => r.birthDate), identity: "birthDate" },
    { label: t("healthCard.ui.field.docType"), cell: (s) => (s.resident.docType ? t(`healthCard.ui.docType.${s.resident.docType}`) : "—"), compare: (s) => text(s, (r) => r.docType) },
    { label: t("healthCard.ui.field.docNumber"), cell: (s) => text(s, (r) => r.docNumberMasked), compare: (s) => text(s, (r) => r.docNumberMasked), identity: "docNumber" },
    { label: t("healthCard.ui.merge.phone"), cell: (s) => text(s, (r) => r.phoneMasked), compare: (s) => text(s, (r) => r.phoneMasked) },
    { label: t("healthCard.ui.merge.healthCard"), cell: (s) => cardText(s.resident, t, locale, false) },
    { label: t("healthCard.ui.field.cardId"), cell: (s) => <span className="break">{s.resident.cardIdMasked ?? "—"}</span> },
    { label: t("healthCard.ui.merge.identifiers"), cell: (s) => identifierList(s, t, locale) },
    { label: t("healthCard.ui.merge.consultations"), cell: (s) => t("healthCard.ui.merge.count", { count: s.consultations }) },
    { label: t("healthCard.ui.merge.advice"), cell: (s) => t("healthCard.ui.merge.count", { count: s.followUpAdvice }) },
    { label: t("healthCard.ui.merge.account"), cell: (s) => t(s.resident.hasPortalAccount ? "healthCard.ui.merge.accountYes" : "healthCard.ui.merge.accountNo") },
  ];
  const conflicting = (row: Row) => row.identity !== undefined && preview.conflicts.includes(row.identity);
  // Masked numbers can look alike: a document conflict the server found is a difference whatever the masks show.
  const differs = (row: Row) => conflicting(row) || (row.compare !== undefined && row.compare(preview.into) !== row.compare(preview.from));
  const differing = rows.filter(differs).length;
  return (
    <div className="stack">
      <p className={differing > 0 ? "notice notice--warning" : "muted"} data-testid="merge-differences">
        {differing > 0 ? t("healthCard.ui.merge.differingCount", { count: differing }) : t("healthCard.ui.merge.noDifferences")}
      </p>
      <div className="table-wrap">
        <table className="table merge-compare" data-testid="merge-compare">
          <caption className="muted">{t("healthCard.ui.merge.previewCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("healthCard.ui.merge.item")}</th>
              <th scope="col" data-testid="merge-kept-heading">
                {t("healthCard.ui.merge.keep")}
                <span className="merge-record-line">{recordLine(preview.into.resident, t)}</span>
              </th>
              <th scope="col" data-testid="merge-retired-heading">
                {t("healthCard.ui.merge.retire")}
                <span className="merge-record-line">{recordLine(preview.from.resident, t)}</span>{" "}
                <Link href={`/patients/${preview.from.resident.id}`} target="_blank" rel="noopener">
                  {t("healthCard.ui.merge.openOther")}
                </Link>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const conflict = conflicting(row);
              const different = differs(row);
              return (
                <tr key={row.label} className={conflict ? "merge-row--conflict" : different ? "merge-row--differs" : undefined} data-differs={different ? "true" : undefined} data-conflict={conflict ? "true" : undefined}>
                  <th scope="row">
                    {row.label}
                    {different ? " " : null}
                    {different ? <span className="merge-marker">{conflict ? t("healthCard.ui.merge.conflictMarker") : t("healthCard.ui.merge.differs")}</span> : null}
                  </th>
                  <td data-side="into">{row.cell(preview.into)}</td>
                  <td data-side="from">{row.cell(preview.from)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function MergeEffects({ preview }: { preview: MergePreview }) {
  const { t } = useI18n();
  const { effect } = preview;
  return (
    <div className="notice notice--info" data-testid="merge-effects">
      <p>{t("healthCard.ui.merge.effectHeading")}</p>
      <ul>
        <li>{t("healthCard.ui.merge.effectKept")}</li>
        <li>{t("healthCard.ui.merge.effectIdentifiers", { count: effect.identifiersMoved })}</li>
        <li>{t("healthCard.ui.merge.effectHistory", { consultations: effect.consultationsMoved, advice: effect.adviceMoved })}</li>
        <li>{effect.retiredCardIdMasked ? t("healthCard.ui.merge.effectCard", { cardId: effect.retiredCardIdMasked }) : t("healthCard.ui.merge.effectNoCard")}</li>
        {effect.accountMoved ? <li>{t("healthCard.ui.merge.effectAccount")}</li> : null}
      </ul>
    </div>
  );
}
