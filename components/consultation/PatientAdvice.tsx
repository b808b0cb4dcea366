"use client";

import { useI18n } from "@/components/i18n/I18nProvider";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { TEXT_LIMITS } from "@/server/consultation/textLimits";
import { PendingButton } from "@/components/ui/PendingButton";
import type { AdviceView } from "./AdviceDoctorPanel";
import { formatDateTime } from "./format";
import { ActionMessages, useAction } from "./useAction";

/** One piece of advice in the patient portal: read, acknowledge, ask a follow-up question. */
export function PatientAdvice({ advice }: { advice: AdviceView & { consultation: { number: string } } }) {
  const { t, locale } = useI18n();
  const ack = useAction();
  const ask = useAction();
  return (
    <article className="card stack" data-testid="patient-advice">
      <h2>{t("cons.patientAdvice.from", { doctor: advice.author.displayName })}</h2>
      <p className="muted">{formatDateTime(advice.publishedAt, locale)}</p>
      <p className="text-advice">{advice.body}</p>
      {advice.acknowledgedAt ? (
        <p className="notice notice--success" data-testid="acknowledged">
          {t("cons.patientAdvice.acknowledged", { at: formatDateTime(advice.acknowledgedAt, locale) })}
        </p>
      ) : (
        <div>
          <PendingButton className="button button--primary" pending={ack.busy} onClick={() => void ack.run(`/api/advice/${advice.id}/acknowledge`, { body: {} })}>
            {t("cons.patientAdvice.acknowledge")}
          </PendingButton>
          <ActionMessages error={ack.error} done={ack.done} />
        </div>
      )}
      {advice.questions.map((q) => (
        <div key={q.id} className="notice notice--info">
          <p>
            <strong>{t("cons.advice.question")}</strong> {q.question}
          </p>
          <p data-testid="answer">{q.answer ? <><strong>{t("cons.advice.answer")}</strong> {q.answer}</> : <span className="muted">{t("cons.advice.awaitingAnswer")}</span>}</p>
        </div>
      ))}
      <form
        className="form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const question = String(new FormData(form).get("question") ?? "");
          void ask.run(`/api/advice/${advice.id}/questions`, { body: { question }, success: t("cons.patientAdvice.sent") }).then((ok) => ok && form.reset());
        }}
      >
        <LimitedTextarea id={`q-${advice.id}`} name="question" label={t("cons.patientAdvice.ask")} max={TEXT_LIMITS.adviceQuestion} rows={2} required minLength={2} />
        <ActionMessages error={ask.error} done={ask.done} />
        <div>
          <PendingButton type="submit" className="button button--ghost" pending={ask.busy}>
            {t("cons.patientAdvice.send")}
          </PendingButton>
        </div>
      </form>
    </article>
  );
}
