/** Merging and unmerging duplicate resident records (server/healthcard/merge.ts, unmerge.ts) and their dialog. */
import { defineMessages } from "../define";

export const healthCardMergeMessages = defineMessages({
  // ---- refusals: one message per set of conflicting identity fields (mergeRules.ts conflictMessageKey)
  "healthCard.merge.conflict.docNumber": { zh: "两条记录的证件号码不一致，可能不是同一个人，已拒绝合并。请核对证件；确为同一人时，须由机构管理员填写强制合并原因后再合并。", en: "The two records differ in document number: they may be two people, so the merge was refused. Check the documents; if they are one person, an institution admin must give a reason to override." },
  "healthCard.merge.conflict.sex": { zh: "两条记录的性别不一致，可能不是同一个人，已拒绝合并。请核对证件；确为同一人时，须由机构管理员填写强制合并原因后再合并。", en: "The two records differ in sex: they may be two people, so the merge was refused. Check the documents; if they are one person, an institution admin must give a reason to override." },
  "healthCard.merge.conflict.birthDate": { zh: "两条记录的出生日期不一致，可能不是同一个人，已拒绝合并。请核对证件；确为同一人时，须由机构管理员填写强制合并原因后再合并。", en: "The two records differ in birth date: they may be two people, so the merge was refused. Check the documents; if they are one person, an institution admin must give a reason to override." },
  "healthCard.merge.conflict.docNumber.sex": { zh: "两条记录的证件号码、性别不一致，可能不是同一个人，已拒绝合并。请核对证件；确为同一人时，须由机构管理员填写强制合并原因后再合并。", en: "The two records differ in document number, sex: they may be two people, so the merge was refused. Check the documents; if they are one person, an institution admin must give a reason to override." },
  "healthCard.merge.conflict.docNumber.birthDate": { zh: "两条记录的证件号码、出生日期不一致，可能不是同一个人，已拒绝合并。请核对证件；确为同一人时，须由机构管理员填写强制合并原因后再合并。", en: "The two records differ in document number, birth date: they may be two people, so the merge was refused. Check the documents; if they are one person, an institution admin must give a reason to override." },
  "healthCard.merge.conflict.sex.birthDate": { zh: "两条记录的性别、出生日期不一致，可能不是同一个人，已拒绝合并。请核对证件；确为同一人时，须由机构管理员填写强制合并原因后再合并。", en: "The two records differ in sex, birth date: they may be two people, so the merge was refused. Check the documents; if they are one person, an institution admin must give a reason to override." },
  "healthCard.merge.conflict.docNumber.sex.birthDate": { zh: "两条记录的证件号码、性别、出生日期不一致，可能不是同一个人，已拒绝合并。请核对证件；确为同一人时，须由机构管理员填写强制合并原因后再合并。", en: "The two records differ in document number, sex, birth date: they may be two people, so the merge was refused. Check the documents; if they are one person, an institution admin must give a reason to override." },
  "healthCard.merge.overrideForbidden": { zh: "只有两条记录所属机构的机构管理员可以强制合并身份信息不一致的记录。", en: "Only an institution admin of both records' institution may merge records whose identities differ." },
  "healthCard.merge.overrideReasonRequired": { zh: "请填写强制合并原因（4 至 500 个字符），说明为何确认是同一个人。", en: "Give the reason for overriding (4 to 500 characters): why you are sure this is one person." },
  "healthCard.merge.overrideReasonSame": { zh: "强制合并原因须另行说明，不能与合并原因相同。", en: "The override needs a reason of its own, not the merge reason repeated." },
  "healthCard.unmerge.reasonRequired": { zh: "请填写撤销合并的原因（4 至 500 个字符）。", en: "Give the reason for undoing the merge (4 to 500 characters)." },
  "healthCard.unmerge.notFound": { zh: "没有找到该合并记录。", en: "No such merge." },
  "healthCard.unmerge.alreadyUndone": { zh: "这次合并已经撤销。", en: "This merge has already been undone." },
  "healthCard.unmerge.survivorMerged": { zh: "保留的记录此后又被合并到另一条记录，请先撤销那次合并。", en: "The kept record was merged into another one since; undo that merge first." },

  // ---- the merge dialog (components/healthcard/MergeForm.tsx)
  "healthCard.ui.merge.differs": { zh: "不一致", en: "differs" },
  "healthCard.ui.merge.conflictMarker": { zh: "身份冲突", en: "identity conflict" },
  "healthCard.ui.merge.conflictHeading": { zh: "身份信息不一致：这两条记录可能属于两个人", en: "The identities differ: these records may belong to two people" },
  "healthCard.ui.merge.conflictField.docNumber": { zh: "证件号码", en: "Document number" },
  "healthCard.ui.merge.conflictField.sex": { zh: "性别", en: "Sex" },
  "healthCard.ui.merge.conflictField.birthDate": { zh: "出生日期", en: "Birth date" },
  "healthCard.ui.merge.conflictBlocked": { zh: "合并已被阻止。请先核对两人的证件。只有机构管理员可在确认是同一人后填写强制合并原因。", en: "The merge is blocked. Check both people's documents first. Only an institution admin can override, with a reason, once sure they are one person." },
  "healthCard.ui.merge.conflictOverrideHint": { zh: "您是机构管理员，确认是同一人时可填写强制合并原因。该原因与合并原因分开记入审计日志。", en: "As an institution admin you may override once sure they are one person. The override reason is written to the audit log apart from the merge reason." },
  "healthCard.ui.merge.overrideReason": { zh: "强制合并原因", en: "Reason for overriding" },
  "healthCard.ui.merge.overrideReasonHint": { zh: "4 至 500 个字符，须与合并原因不同，例如“已核对户口本，证件号码为错录”。", en: "4 to 500 characters, not the merge reason again, e.g. \"checked the household register: the ID number was mistyped\"." },
  "healthCard.ui.merge.differingCount": { zh: "有 {count} 项不一致，已标注“不一致”。", en: "{count} items differ, marked \"differs\"." },
  "healthCard.ui.merge.noDifferences": { zh: "两条记录的各项信息一致。", en: "The two records agree on every item." },
  "healthCard.ui.merge.recordLine": { zh: "{name}（证件号码 {doc}，健康卡 {card}）", en: "{name} (document {doc}, health card {card})" },
  "healthCard.ui.merge.confirmKept": { zh: "保留：", en: "Kept: " },
  "healthCard.ui.merge.confirmRetired": { zh: "并入后注销：", en: "Merged in and retired: " },
  "healthCard.ui.merge.confirmWhat": { zh: "重复记录的院内标识、会诊和随访建议将转到保留的记录，其健康卡将注销。操作会记入审计日志；如合并有误，机构管理员可撤销合并。", en: "The duplicate's local identifiers, consultations and follow-up advice move to the kept record and its health card is retired. The merge is written to the audit log; an institution admin can undo it if it was a mistake." },
  "healthCard.ui.merge.confirmOverride": { zh: "身份信息不一致（{fields}），您将以机构管理员身份强制合并。", en: "The identities differ ({fields}); you are overriding as an institution admin." },

  // ---- merge history and unmerge (app/(portal)/patients/[id]/page.tsx, components/healthcard/UnmergeButton.tsx)
  "healthCard.ui.history.heading": { zh: "合并记录", en: "Merge history" },
  "healthCard.ui.history.mergedInto": { zh: "{at}：{actor} 把 {from} 的重复记录并入 {into}。原因：{reason}", en: "{at}: {actor} merged the duplicate record {from} into {into}. Reason: {reason}" },
  "healthCard.ui.history.override": { zh: "身份信息不一致（{fields}），强制合并原因：{reason}", en: "Identities differed ({fields}); override reason: {reason}" },
  "healthCard.ui.history.undone": { zh: "{at}：{actor} 撤销了这次合并。原因：{reason}", en: "{at}: {actor} undid this merge. Reason: {reason}" },
  "healthCard.ui.unmerge.button": { zh: "撤销合并…", en: "Undo merge…" },
  "healthCard.ui.unmerge.title": { zh: "撤销合并", en: "Undo the merge" },
  "healthCard.ui.unmerge.body": { zh: "{from} 将恢复为单独的记录，合并时转入的院内标识、会诊和随访建议移回，其健康卡恢复。合并与撤销都保留在记录中。", en: "{from} becomes a record of its own again: the identifiers, consultations and follow-up advice the merge moved go back, and its health card is restored. Both the merge and its undoing stay in the history." },
  "healthCard.ui.unmerge.reason": { zh: "撤销原因", en: "Reason for undoing" },
  "healthCard.ui.unmerge.reasonHint": { zh: "4 至 500 个字符，会记入审计日志。", en: "4 to 500 characters, written to the audit log." },
  "healthCard.ui.unmerge.confirm": { zh: "确认撤销合并", en: "Undo the merge" },
  "healthCard.ui.unmerge.done": { zh: "合并已撤销，两条记录已恢复。", en: "The merge is undone; both records are restored." },
  "healthCard.ui.unmerge.openOther": { zh: "打开恢复的记录", en: "Open the restored record" },
});
