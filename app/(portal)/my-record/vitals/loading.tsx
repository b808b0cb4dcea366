import "@/components/vitals/vitals.css";
import { getServerT } from "@/app/_lib/i18n";

/** While the readings load (a slow network): the page's frame and a placeholder where the chart goes. */
export default async function VitalsLoading() {
  const { t } = await getServerT();
  return (
    <div className="stack" aria-busy="true">
      <header className="page-header">
        <h1>{t("vitals.chart.title")}</h1>
      </header>
      <div className="card vchart-placeholder" role="status">
        {t("vitals.chart.loading")}
      </div>
    </div>
  );
}
