import Link from "next/link";
import { headers } from "next/headers";
import { Suspense } from "react";
import "@/components/vitals/vitals.css";
import { formatDateTime } from "@/components/consultation/format";
import { Badge } from "@/components/ui/Badge";
import { EmptyState } from "@/components/ui/EmptyState";
import { flagTone, readingNumbers, VitalChart, VitalTable } from "@/components/vitals/VitalChart";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";
import { stampedClientAddress } from "@/server/http/boundary";
import { VITAL_KINDS, type VitalKind } from "@/server/record/vitals";
import { MAX_CHART_POINTS, parseKind, parsePeriod, portalResident, VITAL_PERIODS, vitalSeries, type PortalResident, type VitalPeriod } from "@/server/record/vitalsHistory";

export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/** The resident's vital signs over time, one kind at a time: chart with the reference band, flagged readings marked, the same numbers as a table. */
export default async function VitalsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageUser("record.mine");
  const { t } = await getServerT();
  const params = await searchParams;
  const db = getDb();
  const resident = await portalResident(db, user, one(params.resident));
  if (!resident) {
    return (
      <div className="stack" data-testid="vitals-page">
        <header className="page-header">
          <h1>{t("vitals.chart.title")}</h1>
        </header>
        <EmptyState message={t("vitals.chart.noRecord")} action={<Link className="button button--primary" href="/register">{t("vitals.chart.register")}</Link>} />
      </div>
    );
  }
  const days = parsePeriod(one(params.days));
  const kind = parseKind(one(params.kind));
  return (
    <div className="stack" data-testid="vitals-page">
      <header className="page-header">
        <h1>{resident.own ? t("vitals.chart.title") : t("vitals.chart.titleFor", { name: resident.name })}</h1>
        <p>{t("vitals.chart.intro")}</p>
        <p>
          <Link href={`/my-record/devices${resident.own ? "" : `?resident=${resident.id}`}`}>{t("vitals.chart.manageDevices")}</Link>
        </p>
      </header>
      {/* The readings stream in after the frame: a slow network sees where the chart will be. */}
      <Suspense
        fallback={
          <div className="card vchart-placeholder" role="status">
            {t("vitals.chart.loading")}
          </div>
        }
      >
        <VitalsBody user={user} resident={resident} kind={kind} days={days} />
      </Suspense>
    </div>
  );
}

/** The kind and period choices, the latest reading, the chart and its table. */
async function VitalsBody({ user, resident, kind, days }: { user: SessionUser; resident: PortalResident; kind: VitalKind | null; days: VitalPeriod }) {
  const { t, locale } = await getServerT();
  const series = await vitalSeries(getDb(), user, resident.id, { kind, days }, { ip: stampedClientAddress(await headers()) });
  const query = (change: Record<string, string>) => {
    const next = new URLSearchParams({ ...(resident.own ? {} : { resident: resident.id }), kind: series.kind, days: String(days), ...change });
    return `/my-record/vitals?${next.toString()}`;
  };
  const latest = series.points.at(-1);
  const kindName = t(`vitals.kind.${series.kind}`);
  return (
    <>
      <nav aria-label={t("vitals.chart.kinds")} className="vtabs">
        {VITAL_KINDS.map((k) => (
          <Link key={k} href={query({ kind: k })} className="vtabs__tab" aria-current={k === series.kind ? "page" : undefined} data-testid={`vital-tab-${k}`}>
            {t(`vitals.kind.${k}`)}
            <span className="vtabs__count">{series.counts[k]}</span>
          </Link>
        ))}
      </nav>
      <nav aria-label={t("vitals.chart.periods")} className="vtabs vtabs--small">
        {VITAL_PERIODS.map((period) => (
          <Link key={period} href={query({ days: String(period) })} className="vtabs__tab" aria-current={period === days ? "page" : undefined}>
            {t("vitals.chart.period", { days: period })}
          </Link>
        ))}
      </nav>

      {latest === undefined ? (
        <EmptyState
          message={t("vitals.chart.empty", { kind: kindName, days })}
          action={
            <Link className="button button--primary" href={`/my-record/devices${resident.own ? "" : `?resident=${resident.id}`}`}>
              {t("vitals.chart.pairDevice")}
            </Link>
          }
        />
      ) : (
        <section className="card stack" aria-labelledby="vitals-kind-heading">
          <h2 id="vitals-kind-heading">{kindName}</h2>
          <div className="vlatest" data-testid="vital-latest">
            <span className="vlatest__value">
              {readingNumbers(latest)} <span className="vlatest__unit">{series.unit}</span>
            </span>
            <Badge tone={flagTone(latest.flag)}>{latest.flag ? t(`vitals.flag.${latest.flag}`) : t("vitals.flag.normal")}</Badge>
            <span className="muted">{t("vitals.chart.latestAt", { at: formatDateTime(latest.measuredAt, locale) })}</span>
          </div>
          <p className="muted" data-testid="vital-counts">
            {t("vitals.chart.counts", { count: series.total, flagged: series.flagged, days })}
            {series.total > series.points.length ? ` ${t("vitals.chart.truncated", { shown: MAX_CHART_POINTS })}` : ""}
          </p>
          <VitalChart series={series} t={t} locale={locale} />
          <p className="muted vnote">{t(`vitals.chart.basis.${series.kind}`)}</p>
          <VitalTable series={series} t={t} locale={locale} />
        </section>
      )}
    </>
  );
}
