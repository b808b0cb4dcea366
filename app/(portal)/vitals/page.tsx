import Link from "next/link";
import { headers } from "next/headers";
import "@/components/vitals/vitals.css";
import { formatDateTime } from "@/components/consultation/format";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { Pagination } from "@/components/ui/Pagination";
import { AcknowledgeAlerts } from "@/components/vitals/AcknowledgeAlerts";
import { flagTone, readingNumbers } from "@/components/vitals/VitalChart";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { isUuid } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { stampedClientAddress } from "@/server/http/boundary";
import { listWorklist } from "@/server/record/alertsWorklist";

export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;

/** The care team's worklist: flagged readings of residents in the clinician's care, open first; acknowledge with a note. */
export default async function VitalAlertsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageUser("vitals.worklist");
  const { t, locale } = await getServerT();
  const params = await searchParams;
  const status = params.status === "ACKNOWLEDGED" ? "ACKNOWLEDGED" : "OPEN";
  const residentId = typeof params.resident === "string" && isUuid(params.resident) ? params.resident : undefined;
  const page = typeof params.page === "string" && /^\d{1,5}$/.test(params.page) ? Number(params.page) : 1;
  const list = await listWorklist(getDb(), user, { status, residentId, page }, { ip: stampedClientAddress(await headers()) });
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const href = (change: Record<string, string>) => `/vitals?${new URLSearchParams({ status, ...(residentId ? { resident: residentId } : {}), ...change }).toString()}`;
  return (
    <ClientMessages of={["AcknowledgeAlerts", "useAction", "PendingButton", "LimitedTextarea"]}>
      <div className="stack" data-testid="vitals-worklist">
        <header className="page-header">
          <h1>{t("vitals.worklist.title")}</h1>
          <p>{t("vitals.worklist.intro")}</p>
        </header>
        <nav aria-label={t("vitals.worklist.statusLabel")} className="vtabs vtabs--small">
          {(["OPEN", "ACKNOWLEDGED"] as const).map((s) => (
            <Link key={s} href={href({ status: s, page: "1" })} className="vtabs__tab" aria-current={s === status ? "page" : undefined}>
              {t(`vitals.worklist.status.${s}`)}
            </Link>
          ))}
          {residentId ? (
            <Link href={`/vitals?status=${status}`} className="vtabs__tab">
              {t("vitals.worklist.allResidents")}
            </Link>
          ) : null}
        </nav>
        {list.residents.length === 0 ? (
          <EmptyState message={t(status === "OPEN" ? "vitals.worklist.emptyOpen" : "vitals.worklist.emptyDone")} />
        ) : (
          <>
            <p className="muted">{t("vitals.worklist.count", { count: list.total })}</p>
            {list.residents.map((resident) => (
              <section key={resident.id} className="card stack" aria-labelledby={`r-${resident.id}`} data-testid="worklist-resident">
                <div className="vgroup__head">
                  <h2 id={`r-${resident.id}`}>
                    <Link href={`/patients/${resident.id}`}>{resident.name}</Link>
                  </h2>
                  {status === "OPEN" && resident.alerts.length > 1 ? (
                    <AcknowledgeAlerts alertIds={resident.alerts.map((a) => a.id)} label={t("vitals.worklist.acknowledgeAll", { count: resident.alerts.length })} testId={`ack-all-${resident.id}`} />
                  ) : null}
                </div>
                <ul className="valerts">
                  {resident.alerts.map((alert) => (
                    <li key={alert.id} className="valerts__item" data-testid="worklist-alert" data-flag={alert.reading.flag ?? undefined}>
                      <div className="valerts__reading">
                        <span className="valerts__kind">{t(`vitals.kind.${alert.reading.kind}`)}</span>
                        <span className="valerts__value">
                          {readingNumbers(alert.reading)} {alert.reading.unit}
                        </span>
                        {alert.reading.flag ? <Badge tone={flagTone(alert.reading.flag)}>{t(`vitals.flag.${alert.reading.flag}`)}</Badge> : null}
                      </div>
                      <p className="muted">
                        {t("vitals.worklist.measured", { at: formatDateTime(alert.reading.measuredAt, locale), source: alert.reading.deviceLabel ?? t("vitals.chart.fromInstitution") })}
                      </p>
                      {alert.status === "ACKNOWLEDGED" ? (
                        <p className="muted">
                          {t("vitals.worklist.acknowledgedBy", { name: alert.acknowledgedBy ?? "—", at: formatDateTime(alert.acknowledgedAt, locale) })}
                          {alert.note ? ` · ${alert.note}` : ""}
                        </p>
                      ) : (
                        <AcknowledgeAlerts alertIds={[alert.id]} label={t("vitals.worklist.acknowledge")} testId={`ack-${alert.id}`} />
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
            <Pagination
              page={list.page}
              pageSize={list.pageSize}
              total={list.total}
              hrefFor={(p) => href({ page: String(p) })}
              labels={{ previous: t("vitals.worklist.previous"), next: t("vitals.worklist.next"), status: t("vitals.worklist.page", { page: list.page, pages }), nav: t("vitals.worklist.pages") }}
            />
          </>
        )}
      </div>
    </ClientMessages>
  );
}
