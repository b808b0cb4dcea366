import Link from "next/link";
import { EmptyState } from "@/components/ui/EmptyState";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { listAuditEntries } from "@/server/audit";
import { getDb } from "@/server/db/client";
import { maskCardId } from "@/server/healthcard/cardId";

const CATEGORIES = ["", "auth.", "healthCard.", "consultation.", "video."] as const;

function formatTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "medium" }).format(date);
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("audit.read");
  const { t, locale } = await getServerT();
  const params = await searchParams;
  const category = CATEGORIES.find((value) => value === params.category) ?? "";
  const before = typeof params.before === "string" && /^\d{1,19}$/.test(params.before) ? BigInt(params.before) : undefined;
  const { entries, nextBeforeId } = await listAuditEntries(getDb(), user, { actionPrefix: category || undefined, beforeId: before });

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t("audit.title")}</h1>
        <p>{t(user.role === "PLATFORM_ADMIN" ? "audit.introPlatform" : "audit.introInstitution")}</p>
      </header>
      <form className="toolbar" method="get">
        <div className="field field--inline">
          <label htmlFor="category">{t("audit.category")}</label>
          <select id="category" name="category" defaultValue={category}>
            {CATEGORIES.map((value) => (
              <option key={value} value={value}>
                {t(`audit.category.${value || "all"}`)}
              </option>
            ))}
          </select>
        </div>
        <button className="button button--ghost" type="submit">
          {t("audit.filter")}
        </button>
      </form>
      {entries.length === 0 ? (
        <EmptyState message={t("audit.empty")} />
      ) : (
        <div className="card table-wrap">
          <table className="table" data-testid="audit-table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.time")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id.toString()}>
                  <td>{formatTime(entry.at, locale)}</td>
                  <td>{entry.actor ? `${entry.actor.displayName} (${entry.actor.username})` : t("audit.system")}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.targetType ? `${entry.targetType} ${shownTargetId(entry.targetType, entry.targetId)}` : "—"}</td>
                  <td>{entry.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBeforeId ? (
        <Link className="button button--ghost" href={`/audit?${new URLSearchParams({ category, before: nextBeforeId.toString() }).toString()}`}>
          {t("audit.older")}
        </Link>
      ) : null}
    </div>
  );
}

/** Card IDs are shown masked here as on every page (a screenshot must not carry one off). */
function shownTargetId(targetType: string, targetId: string | null): string {
  if (!targetId) return "";
  return targetType === "healthCard" ? maskCardId(targetId) : targetId;
}
