"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "@/components/consultation/client";
import { FieldError, useFieldErrors } from "@/components/ui/useFieldErrors";
import type { GuestLinkView, IssuedGuestLink } from "@/server/video/guests";
import { ConfirmButton } from "./ConfirmButton";

const KINDS = ["FAMILY", "PATIENT", "OUTSIDE_EXPERT"] as const;
const VALIDITY_MINUTES = [30, 120, 480, 1440] as const;
const NAME_MAX = 50;

/**
 * The host's "invite a guest": a one-time link into this call for a patient, a family member or
 * an outside expert (server/video/guests.ts), shown once to copy (and texted where the hospital
 * has an SMS gateway), and the room's links with their state and a revoke that asks first.
 */
export function GuestInvite({ roomId, smsEnabled, rosterKey }: { roomId: string; smsEnabled: boolean; /** Changes when someone arrives or leaves: a used link's state is read again. */ rosterKey: string }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const fields = useFieldErrors();
  const [links, setLinks] = useState<GuestLinkView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<(IssuedGuestLink & { url: string; phoneShown: string }) | null>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const [name, setName] = useState("");

  const load = useCallback(
    () =>
      callApi<{ links: GuestLinkView[] }>(`/api/video/rooms/${roomId}/guests`).then((result) => {
        if (result.ok) {
          setLinks(result.data.links);
          setLoadError(null);
        } else setLoadError(result.error.message || t("video.guest.ui.loadFailed"));
      }),
    [roomId, t],
  );

  useEffect(() => {
    void load();
  }, [load, rosterKey]);

  // A link passes its time, or is used on another process's call, without anything here changing:
  // the list is read again every 15 s (one small query, hosts only) and judged against the clock.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      void load();
    }, 15_000);
    return () => clearInterval(timer);
  }, [load]);
  const statusOf = (link: GuestLinkView) => (link.status === "OPEN" && new Date(link.expiresAt).getTime() <= now ? "EXPIRED" : link.status);

  const open = () => {
    setIssued(null);
    setFormError(null);
    setCopied(null);
    dialog.current?.showModal();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (!fields.check(form)) return;
    const data = new FormData(form);
    const phone = String(data.get("phone") ?? "").trim();
    setBusy(true);
    setFormError(null);
    const result = await callApi<IssuedGuestLink>(`/api/video/rooms/${roomId}/guests`, {
      body: { displayName: name, kind: data.get("kind"), validMinutes: Number(data.get("validMinutes")), ...(phone ? { phone } : {}) },
    });
    setBusy(false);
    if (!result.ok) {
      setFormError(result.error.message || t("video.guest.ui.loadFailed"));
      return;
    }
    setIssued({ ...result.data, url: new URL(result.data.path, window.location.origin).toString(), phoneShown: result.data.link.phoneMasked ?? "" });
    setName("");
    form.reset();
    void load();
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };

  const revoke = async (link: GuestLinkView) => {
    const result = await callApi<{ link: GuestLinkView }>(`/api/video/rooms/${roomId}/guests/${link.id}`, { method: "DELETE" });
    if (!result.ok) setLoadError(result.error.message);
    void load();
  };

  const validityLabel = (minutes: number) => (minutes < 60 ? t("video.guest.ui.minutes", { n: minutes }) : t("video.guest.ui.hours", { n: minutes / 60 }));

  return (
    <section className="guest-invite" aria-labelledby="guest-invite-heading">
      <h3 id="guest-invite-heading">{t("video.guest.ui.list")}</h3>
      <button type="button" className="button button--primary" onClick={open} data-testid="guest-invite-open">
        {t("video.guest.ui.open")}
      </button>
      {loadError ? (
        <p className="notice notice--error" role="alert">
          {loadError}
        </p>
      ) : null}
      {links === null && !loadError ? (
        <p className="muted" role="status">
          {t("video.guest.ui.loading")}
        </p>
      ) : null}
      {links && links.length === 0 ? <p className="muted">{t("video.guest.ui.listEmpty")}</p> : null}
      {links && links.length > 0 ? (
        <ul className="video-list" data-testid="guest-links">
          {links.map((link) => (
            <li key={link.id} data-testid={`guest-link-${link.id}`}>
              <span>
                {link.displayName}
                <span className="video-badge">{t(`video.guest.kind.${link.kind}`)}</span>
                <span className={`video-badge${statusOf(link) === "OPEN" ? " video-badge--good" : ""}`} data-testid="guest-link-status">
                  {t(`video.guest.ui.status.${statusOf(link)}`)}
                </span>
              </span>
              {statusOf(link) === "OPEN" || statusOf(link) === "USED" ? (
                <ConfirmButton
                  label={t("video.guest.ui.revoke")}
                  question={t("video.guest.ui.revokeQuestion", { name: link.displayName })}
                  confirmLabel={t("video.guest.ui.revokeConfirm")}
                  onConfirm={() => void revoke(link)}
                  testId={`guest-revoke-${link.id}`}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <dialog ref={dialog} className="video-dialog guest-invite__dialog" aria-labelledby="guest-dialog-title">
        <h2 id="guest-dialog-title">{t("video.guest.ui.title")}</h2>
        {issued ? (
          <div className="stack" role="status" data-testid="guest-link-issued">
            <p>{t("video.guest.ui.created", { name: issued.link.displayName })}</p>
            <label className="field">
              <span>{t("video.guest.ui.linkLabel")}</span>
              <input readOnly value={issued.url} onFocus={(event) => event.currentTarget.select()} data-testid="guest-link-url" />
            </label>
            <p className="muted">{t("video.guest.ui.expiresAt", { time: new Date(issued.link.expiresAt).toLocaleString() })}</p>
            {issued.sms === "sent" ? <p className="notice notice--info">{t("video.guest.ui.smsSent", { phone: issued.phoneShown })}</p> : null}
            {issued.sms === "failed" ? <p className="notice notice--error">{t("video.guest.ui.smsFailed")}</p> : null}
            {copied === "yes" ? <p className="muted">{t("video.guest.ui.copied")}</p> : null}
            {copied === "failed" ? <p className="notice notice--error">{t("video.guest.ui.copyFailed")}</p> : null}
            <div className="video-dialog__actions">
              <button type="button" className="button button--ghost" onClick={() => setIssued(null)}>
                {t("video.guest.ui.another")}
              </button>
              <button type="button" className="button button--primary" onClick={() => void copy(issued.url)} data-testid="guest-link-copy">
                {t("video.guest.ui.copy")}
              </button>
              <button type="button" className="button button--ghost" onClick={() => dialog.current?.close()}>
                {t("video.guest.ui.close")}
              </button>
            </div>
          </div>
        ) : (
          <form className="stack" noValidate onSubmit={(event) => void submit(event)} data-testid="guest-invite-form">
            <p className="muted">{t("video.guest.ui.intro")}</p>
            <label className="field" htmlFor="guest-name">
              <span>{t("video.guest.ui.name")}</span>
              <input
                id="guest-name"
                name="displayName"
                required
                maxLength={NAME_MAX}
                value={name}
                onChange={(event) => setName(event.target.value)}
                {...fields.fieldProps("guest-name", "guest-name-hint")}
              />
              <span id="guest-name-hint" className="field__hint">
                {t("video.guest.ui.nameHint", { max: NAME_MAX })} ({name.length}/{NAME_MAX})
              </span>
              <FieldError id="guest-name" error={fields.errors["guest-name"]} />
            </label>
            <label className="field" htmlFor="guest-kind">
              <span>{t("video.guest.ui.kind")}</span>
              <select id="guest-kind" name="kind" defaultValue="FAMILY">
                {KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`video.guest.kind.${kind}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field" htmlFor="guest-valid">
              <span>{t("video.guest.ui.valid")}</span>
              <select id="guest-valid" name="validMinutes" defaultValue="120">
                {VALIDITY_MINUTES.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {validityLabel(minutes)}
                  </option>
                ))}
              </select>
            </label>
            {smsEnabled ? (
              <label className="field" htmlFor="guest-phone">
                <span>{t("video.guest.ui.phone")}</span>
                <input id="guest-phone" name="phone" type="tel" inputMode="numeric" autoComplete="off" pattern="1[3-9][0-9]{9}" maxLength={11} {...fields.fieldProps("guest-phone", "guest-phone-hint")} />
                <span id="guest-phone-hint" className="field__hint">
                  {t("video.guest.ui.phoneHint")}
                </span>
                <FieldError id="guest-phone" error={fields.errors["guest-phone"]} />
              </label>
            ) : null}
            {formError ? (
              <p className="notice notice--error" role="alert" data-testid="guest-invite-error">
                {formError}
              </p>
            ) : null}
            <div className="video-dialog__actions">
              <button type="button" className="button button--ghost" onClick={() => dialog.current?.close()}>
                {t("video.guest.ui.close")}
              </button>
              <button type="submit" className="button button--primary" disabled={busy} data-testid="guest-invite-submit">
                {busy ? t("video.guest.ui.submitting") : t("video.guest.ui.submit")}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </section>
  );
}
