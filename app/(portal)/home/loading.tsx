import { getServerT } from "@/app/_lib/i18n";

/** While a worklist's filters or page load: the old list goes, a calm notice says what is happening. */
export default async function HomeLoading() {
  const { t } = await getServerT();
  return (
    <div className="card empty-state" role="status" aria-live="polite" data-testid="worklist-loading">
      <p>{t("home.worklist.loading")}</p>
    </div>
  );
}
