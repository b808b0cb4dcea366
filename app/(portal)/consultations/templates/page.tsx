import "@/components/consultation/consultation.css";
import { OpinionTemplatesAdmin } from "@/components/consultation/OpinionTemplatesAdmin";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getServerT } from "@/app/_lib/i18n";
import { requirePageUser } from "@/app/_lib/session";
import { listOpinionTemplates } from "@/server/consultation/opinionTemplates";
import { getDb } from "@/server/db/client";

/** A specialist's opinion templates: their specialty's shared ones and their own (server/consultation/opinionTemplates.ts). */
export default async function OpinionTemplatesPage() {
  const user = await requirePageUser("opinionTemplate.manage");
  const { t, locale } = await getServerT();
  const db = getDb();
  const [me, templates] = await Promise.all([db.user.findUnique({ where: { id: user.id }, select: { department: { select: { name: true, nameEn: true } } } }), listOpinionTemplates(db, user)]);
  // The specialty is the department's code; people read its name.
  const department = me?.department ?? null;
  return (
    <ClientMessages of={["OpinionTemplatesAdmin", "LimitedTextarea"]}>
      <div className="stack" data-testid="templates-page">
        <header className="page-header">
          <h1>{t("cons.template.title")}</h1>
          <p>{t("cons.template.intro")}</p>
        </header>
        {department ? null : (
          <p className="notice notice--info" data-testid="templates-no-specialty">
            {t("consultation.template.noSpecialty")}
          </p>
        )}
        {department || templates.length > 0 ? <OpinionTemplatesAdmin initial={templates} specialtyLabel={department ? (locale === "en" && department.nameEn) || department.name : ""} /> : null}
      </div>
    </ClientMessages>
  );
}
