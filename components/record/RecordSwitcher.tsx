import Link from "next/link";
import { getServerT } from "@/app/_lib/i18n";
import type { ManagedRecord } from "@/server/record/family";
import "./record.css";

/** Whose record a portal page shows: the resident's own, or a family member's they manage (?for=). Hidden with only one. */
export async function RecordSwitcher({ records, current, basePath }: { records: readonly ManagedRecord[]; current: string | null; basePath: string }) {
  if (records.length < 2) return null;
  const { t, locale } = await getServerT();
  return (
    <nav className="record-switcher" aria-label={t("record.mine.switch")} data-testid="record-switcher">
      <span className="muted">{t("record.mine.switch")}</span>
      {records.map((record) => (
        <Link
          key={record.residentId}
          className="button button--ghost"
          href={record.self ? basePath : `${basePath}?for=${record.residentId}`}
          aria-current={record.residentId === current ? "page" : undefined}
        >
          {record.self ? t("record.mine.self") : locale === "en" ? `${record.name} (${t(`record.family.relationship.${record.relationship ?? "GUARDIAN"}`)})` : `${record.name}（${t(`record.family.relationship.${record.relationship ?? "GUARDIAN"}`)}）`}
        </Link>
      ))}
    </nav>
  );
}
