/**
 * One kind's readings over the period, drawn on the server as SVG (chartGeometry.ts): the
 * reference band shaded, a line through the readings, flagged readings as larger red diamonds
 * (shape as well as colour). The same numbers follow in a table (VitalTable) for screen readers
 * and for anyone who wants the figures; the picture itself is one image with a summary as its
 * accessible name (so its points carry no titles of their own). No script: nothing of it is sent
 * to the phone but markup.
 */
import type { Params, TextKey } from "@/lib/i18n";
import type { VitalFlag } from "@/server/record/vitals";
import type { ChartPoint, VitalSeries } from "@/server/record/vitalsHistory";
import { formatDateTime } from "@/components/consultation/format";
import { Badge } from "@/components/ui/Badge";
import { bandRect, CHART, diamond, linePoints, plotHeight, timeTicks, valueAxis, xOf, yOf, type Axis } from "./chartGeometry";

type T = (key: TextKey, params?: Params) => string;

/** Past this many readings the normal ones are not drawn one by one (the line shows them; the table lists them). */
const DENSE_POINTS = 90;

const shortDate = (at: number, locale: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit" }).format(new Date(at));

/** "186/112" or "5.6": a reading's numbers without the unit. */
export function readingNumbers(point: Pick<ChartPoint, "value" | "value2">): string {
  return point.value2 === null ? String(point.value) : `${point.value}/${point.value2}`;
}

export function flagTone(flag: VitalFlag | null): "danger" | "warning" | "success" {
  return flag === null ? "success" : flag.startsWith("CRITICAL") ? "danger" : "warning";
}

function Band({ low, high, axis, second }: { low: number | null; high: number | null; axis: Axis; second?: boolean }) {
  const rect = bandRect(low, high, axis);
  return rect ? <rect className={second ? "vchart__band vchart__band--second" : "vchart__band"} {...rect} /> : null;
}

export function VitalChart({ series, t, locale }: { series: VitalSeries; t: T; locale: string }) {
  const from = series.from.getTime();
  const to = series.to.getTime();
  const input = { from, to, points: series.points.map((p) => ({ at: p.measuredAt.getTime(), value: p.value, value2: p.value2 })), band: series.band };
  const axis = valueAxis(input);
  const placed = series.points.map((p) => ({ point: p, x: xOf(p.measuredAt.getTime(), from, to), y: yOf(p.value, axis), y2: p.value2 === null ? null : yOf(p.value2, axis) }));
  const kindName = t(`vitals.kind.${series.kind}`);
  const summary = t("vitals.chart.summary", { kind: kindName, days: series.days, count: series.points.length, flagged: series.flagged, unit: series.unit });
  const twoValues = series.kind === "BLOOD_PRESSURE";
  const dense = series.points.length > DENSE_POINTS;
  const titleId = `vchart-title-${series.kind}`;
  return (
    <figure className="vchart" data-testid="vital-chart" data-kind={series.kind}>
      <svg className="vchart__svg" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{summary}</title>
        <Band low={series.band.low} high={series.band.high} axis={axis} />
        {twoValues ? <Band low={series.band.low2} high={series.band.high2} axis={axis} second /> : null}
        {axis.ticks.map((tick) => (
          <g key={tick}>
            <line className="vchart__grid" x1={CHART.left} x2={CHART.width - CHART.right} y1={yOf(tick, axis)} y2={yOf(tick, axis)} />
            <text className="vchart__label" x={CHART.left - 4} y={yOf(tick, axis) + 3.5} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {timeTicks(from, to).map((at, i, all) => (
          <text key={at} className="vchart__label" x={xOf(at, from, to)} y={CHART.top + plotHeight + 16} textAnchor={i === 0 ? "start" : i === all.length - 1 ? "end" : "middle"}>
            {shortDate(at, locale)}
          </text>
        ))}
        <polyline className="vchart__line" points={linePoints(placed)} />
        {twoValues ? <polyline className="vchart__line vchart__line--second" points={linePoints(placed.map((p) => ({ x: p.x, y: p.y2 ?? p.y })))} /> : null}
        {placed.map(({ point, x, y, y2 }, index) => {
          const flagged = point.flag !== null;
          // A dense period shows its normal readings as the line alone; flagged ones are always marked.
          if (!flagged && dense) return null;
          return (
            <g key={index} className={flagged ? "vchart__point vchart__point--flagged" : "vchart__point"} data-flagged={flagged ? "true" : undefined}>
              {flagged ? <path d={diamond(x, y, 5)} /> : <circle cx={x} cy={y} r={2.6} />}
              {y2 === null ? null : flagged ? <path d={diamond(x, y2, 5)} /> : <circle cx={x} cy={y2} r={2.6} />}
            </g>
          );
        })}
      </svg>
      <figcaption className="vchart__legend">
        <span className="vchart__key vchart__key--band">{t("vitals.chart.band", { range: bandText(series) })}</span>
        {twoValues ? <span className="vchart__key vchart__key--lines">{t("vitals.chart.bpLines")}</span> : null}
        <span className="vchart__key vchart__key--flagged">{t("vitals.chart.flaggedKey")}</span>
      </figcaption>
    </figure>
  );
}

/** "90–135 / 60–85 mmHg", "≥ 95 %": the band as text, for the legend. */
export function bandText(series: Pick<VitalSeries, "band" | "unit" | "kind">): string {
  const range = (low: number | null, high: number | null) => (low !== null && high !== null ? `${low}–${high}` : low !== null ? `≥ ${low}` : high !== null ? `< ${high}` : "—");
  const first = range(series.band.low, series.band.high);
  return series.kind === "BLOOD_PRESSURE" ? `${first} / ${range(series.band.low2, series.band.high2)} ${series.unit}` : `${first} ${series.unit}`;
}

/** The chart's numbers, newest first: time, reading, whether it is flagged, where it came from. */
export function VitalTable({ series, t, locale }: { series: VitalSeries; t: T; locale: string }) {
  const rows = [...series.points].reverse();
  return (
    <div className="table-wrap">
      <table className="table vtable" data-testid="vital-table">
        <caption className="vtable__caption">{t("vitals.chart.tableCaption", { kind: t(`vitals.kind.${series.kind}`), count: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("vitals.chart.when")}</th>
            <th scope="col">{t("vitals.chart.reading", { unit: series.unit })}</th>
            <th scope="col">{t("vitals.chart.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((point, index) => (
            <tr key={index} data-flag={point.flag ?? undefined}>
              <td>
                {formatDateTime(point.measuredAt, locale)}
                <span className="vtable__source">{point.deviceLabel ?? t("vitals.chart.fromInstitution")}</span>
              </td>
              <td className="vtable__number">{readingNumbers(point)}</td>
              <td>
                <Badge tone={flagTone(point.flag)}>{point.flag ? t(`vitals.flag.${point.flag}`) : t("vitals.flag.normal")}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
