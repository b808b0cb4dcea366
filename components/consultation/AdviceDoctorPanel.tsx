"use client";

import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { TEXT_LIMITS } from "@/server/consultation/textLimits";
import { formatDateTime } from "./format";
import { ActionMessages, useAction } from "./useAction";

interface Question {
  id: string;
  question: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface AdviceView {
  id: string;
  body: string;
  publishedAt: string;
  acknowledgedAt: string | null;
  author: { displayName: string };
  questions: Question[];
}

/** Doctors publish plain-language advice and answer the patient's follow-up questions. */
export function AdviceDoctorPanel({ id, advice, canWrite }: { id: string; advice: AdviceView[]; canWrite: boolean }) {
  const { t, locale } = useI18n();
  const publish = useAction();
  const [key, setKey] = useState(0);
  async function onPublish(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get("body") ?? "");
    if (await publish.run(`/api/consultations/${id}/advice`, { body: { body }, success: t("cons.advice.published") })) setKey((k) => k + 1);
  }
  return (
    <section className="card stack" aria-labelledby="advice-h">
      <h2 id="advice-h">{t("cons.advice.heading")}</h2>
      {advice.length === 0 ? <p className="muted">{t("cons.advice.none")}</p> : null}
      {advice.map((item) => (
        <article key={item.id} className="opinion">
          <p className="text-pre-wrap">{item.body}</p>
          <p className="muted">
            {t("cons.advice.meta", { author: item.author.displayName, at: formatDateTime(item.publishedAt, locale) })} ·{" "}
            {item.acknowledgedAt ? t("cons.advice.acknowledgedAt", { at: formatDateTime(item.acknowledgedAt, locale) }) : t("cons.advice.notAcknowledged")}
          </p>
          {item.questions.map((q) => (
            <QuestionItem key={q.id} question={q} canAnswer={canWrite} />
          ))}
        </article>
      ))}
      {canWrite ? (
        <form key={key} className="form" onSubmit={(event) => void onPublish(event)}>
          <LimitedTextarea id="advice-body" name="body" label={t("cons.advice.new")} hint={t("cons.advice.hint")} max={TEXT_LIMITS.adviceBody} rows={4} required minLength={5} />
          <ActionMessages error={publish.error} done={publish.done} />
          <div>
            <button type="submit" className="button button--primary" disabled={publish.busy}>
              {t("cons.advice.publish")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function QuestionItem({ question, canAnswer }: { question: Question; canAnswer: boolean }) {
  const { t } = useI18n();
  const answer = useAction();
  return (
    <div className="notice notice--info" data-testid="advice-question">
      <p>
        <strong>{t("cons.advice.question")}</strong> {question.question}
      </p>
      {question.answer ? (
        <p>
          <strong>{t("cons.advice.answer")}</strong> {question.answer}
        </p>
      ) : canAnswer ? (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            const text = String(new FormData(event.currentTarget).get("answer") ?? "");
            void answer.run(`/api/advice/questions/${question.id}/answer`, { body: { answer: text } });
          }}
        >
          <LimitedTextarea id={`answer-${question.id}`} name="answer" label={t("cons.advice.yourAnswer")} max={TEXT_LIMITS.adviceAnswer} rows={2} required minLength={2} />
          <ActionMessages error={answer.error} done={answer.done} />
          <div>
            <button type="submit" className="button button--primary" disabled={answer.busy}>
              {t("cons.advice.sendAnswer")}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">{t("cons.advice.awaitingAnswer")}</p>
      )}
    </div>
  );
}
