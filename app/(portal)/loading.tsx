import { getServerT } from "@/app/_lib/i18n";

/** Shown at once when a page is opened from the top bar, until the server's answer arrives (seconds on a weak network). */
export default async function PortalLoading() {
  const { t } = await getServerT();
  return (
    <div className="page-loading" role="status" aria-live="polite" data-testid="page-loading">
      <span className="page-loading__bar" aria-hidden="true" />
      <p className="muted">{t("common.loadingPage")}</p>
    </div>
  );
}
