import Link from "next/link";
import { getServerT } from "@/app/_lib/i18n";
import { formatDateTime } from "./format";
import { Badge } from "@/components/ui/Badge";

export interface OpinionView {
  id: string;
  version: number;
  findings: string;
  impression: string;
  recommendations: string;
  referralDecision: string;
  signedAt: string;
  signature: string;
  publicKey: string;
  signatureAlgorithm: string;
  author: { displayName: string; title: string | null };
  verification: { valid: boolean; keyMatchesSigner: boolean };
}

/** Every signed version, newest first, each with its verification result. */
export async function OpinionList({ consultationId, opinions, print = false }: { consultationId: string; opinions: OpinionView[]; print?: boolean }) {
  const { t, locale } = await getServerT();
  if (opinions.length === 0) return print ? null : null;
  return (
    <section className="card" aria-labelledby="opinions-h" data-testid="opinions">
      <div className="cons-title">
        <h2 id="opinions-h">{t("cons.opinion.heading")}</h2>
        {!print ? (
          <Link className="button button--ghost no-print" href={`/consultations/${consultationId}/print`}>
            {t("cons.opinion.print")}
          </Link>
        ) : null}
      </div>
      {opinions.map((o, index) => (
        <article key={o.id} className="opinion" data-testid={`opinion-v${o.version}`}>
          <div className="cons-title">
            <h3>{t("cons.opinion.version", { version: o.version })}</h3>
            {index === 0 ? <Badge tone="info">{t("cons.opinion.current")}</Badge> : <Badge>{t("cons.opinion.superseded")}</Badge>}
            <Badge tone={o.verification.valid && o.verification.keyMatchesSigner ? "success" : "danger"} testId={`verify-v${o.version}`}>
              {o.verification.valid && o.verification.keyMatchesSigner ? t("cons.opinion.valid") : t("cons.opinion.invalid")}
            </Badge>
          </div>
          {index === 0 || print ? (
            <dl className="cons-dl">
              <dt>{t("cons.opinion.findings")}</dt>
              <dd>{o.findings}</dd>
              <dt>{t("cons.opinion.impression")}</dt>
              <dd>{o.impression}</dd>
              <dt>{t("cons.opinion.recommendations")}</dt>
              <dd>{o.recommendations}</dd>
              <dt>{t("cons.opinion.referralDecision")}</dt>
              <dd>{t(`cons.referral.${o.referralDecision}`)}</dd>
            </dl>
          ) : null}
          <details open={print}>
            <summary>{t("cons.opinion.signatureDetails")}</summary>
            <dl className="cons-dl">
              <dt>{t("cons.opinion.signer")}</dt>
              <dd>
                {o.author.displayName} {o.author.title ?? ""}
              </dd>
              <dt>{t("cons.opinion.signedAt")}</dt>
              <dd>{formatDateTime(o.signedAt, locale)}</dd>
              <dt>{t("cons.opinion.algorithm")}</dt>
              <dd>{o.signatureAlgorithm}</dd>
              <dt>{t("cons.opinion.publicKey")}</dt>
              <dd className="signature">{o.publicKey}</dd>
              <dt>{t("cons.opinion.signature")}</dt>
              <dd className="signature">{o.signature}</dd>
            </dl>
          </details>
        </article>
      ))}
    </section>
  );
}
