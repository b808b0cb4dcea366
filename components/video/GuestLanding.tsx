"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "@/components/consultation/client";

type State = { kind: "checking" } | { kind: "refused"; message: string; retry: boolean };

/**
 * A guest's phone opens the host's link (`/guest#<token>`). The token is read from the fragment,
 * taken out of the address bar, and posted once; the answer sets the guest's session and names
 * the call, which the page then opens (the pre-join check and the waiting room follow there).
 */
export function GuestLanding() {
  const { t } = useI18n();
  const token = useRef("");
  const started = useRef(false);
  const [state, setState] = useState<State>({ kind: "checking" });

  /** Posts the token; on success the call opens (and the state stays "checking" until it does). */
  const redeem = useCallback(async (): Promise<State> => {
    if (!token.current) return { kind: "refused", message: t("video.guest.page.noToken"), retry: false };
    const result = await callApi<{ path: string }>("/api/guest/redeem", { body: { token: token.current } });
    if (result.ok) {
      window.location.replace(result.data.path);
      return { kind: "checking" };
    }
    // No answer (a weak network) can be tried again; a refusal says why and what to do.
    if (result.error.status === 0) return { kind: "refused", message: t("video.guest.page.networkError"), retry: true };
    return { kind: "refused", message: result.error.message, retry: result.error.status >= 500 };
  }, [t]);

  useEffect(() => {
    // Once: the fragment is gone from the address after the first read (and React may run an effect twice).
    if (started.current) return;
    started.current = true;
    const fromHash = window.location.hash.replace(/^#/, "");
    if (fromHash) window.history.replaceState(null, "", window.location.pathname);
    token.current = fromHash;
    void redeem().then(setState);
  }, [redeem]);

  const retry = () => {
    setState({ kind: "checking" });
    void redeem().then(setState);
  };

  if (state.kind === "checking") {
    return (
      <div role="status" aria-live="polite" data-testid="guest-checking">
        <p>{t("video.guest.page.checking")}</p>
        <progress aria-label={t("video.guest.page.checking")} />
      </div>
    );
  }
  return (
    <div role="alert" data-testid="guest-refused">
      <h2>{t("video.guest.page.failedTitle")}</h2>
      <p>{state.message}</p>
      {state.retry ? (
        <button type="button" className="button button--primary" onClick={retry}>
          {t("video.guest.page.retry")}
        </button>
      ) : null}
    </div>
  );
}
