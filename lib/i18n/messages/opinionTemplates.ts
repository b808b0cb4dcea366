/** Opinion templates (server/consultation/opinionTemplates.ts): the domain's refusals, the management page and the opinion form's picker. */
import { defineMessages } from "../define";

export const opinionTemplateMessages = defineMessages({
  // ---- refusals (the API's messages)
  "consultation.template.notFound": { zh: "找不到这个意见模板，或您无权使用。", en: "This opinion template does not exist or you may not use it." },
  "consultation.template.nameRequired": { zh: "请填写模板名称。", en: "Give the template a name." },
  "consultation.template.emptyText": {
    zh: "模板至少需要在“检查所见”“印象 / 诊断”“处理建议”中的一栏填写内容。",
    en: "A template needs text in at least one of Findings, Impression / diagnosis and Recommendations.",
  },
  "consultation.template.nameTaken": { zh: "已有同名的模板，请换一个名称。", en: "A template of that name already exists here: choose another name." },
  "consultation.template.changed": {
    zh: "此模板刚被其他人修改过。请刷新页面查看最新内容后再修改。",
    en: "Someone else has just changed this template. Reload the page to see their version, then make your change.",
  },
  "consultation.template.noSpecialty": {
    zh: "您的账号还没有科室，因此没有科室模板。请联系本院管理员为您设置科室。",
    en: "Your account has no department, so there are no specialty templates for you. Ask your hospital's admin to set your department.",
  },

  // ---- the management page (/consultations/templates)
  "nav.opinionTemplates": { zh: "意见模板", en: "Opinion templates" },
  "cons.template.title": { zh: "会诊意见模板", en: "Opinion templates" },
  "cons.template.intro": {
    zh: "把常用的会诊意见保存为模板，书写意见时选择模板即可填入，再按患者情况修改。科室模板由本院本科室的专家共同使用和维护；个人模板只有您自己能看到。",
    en: "Keep the opinions you often write as templates: pick one while writing an opinion to fill the fields, then adapt it to the patient. Specialty templates are shared and kept up by your hospital's specialists of your specialty; personal ones only you can see.",
  },
  "cons.template.sharedHeading": { zh: "科室模板（{specialty}）", en: "Specialty templates ({specialty})" },
  "cons.template.personalHeading": { zh: "我的个人模板", en: "My personal templates" },
  "cons.template.emptyShared": { zh: "本科室还没有共享模板。", en: "Your specialty has no shared templates yet." },
  "cons.template.emptyPersonal": { zh: "您还没有个人模板。", en: "You have no personal templates yet." },
  "cons.template.empty": {
    zh: "还没有任何意见模板。在下方新建第一个，书写会诊意见时就可以套用。",
    en: "No opinion templates yet. Create the first one below and it is offered while you write an opinion.",
  },
  "cons.template.updatedAt": { zh: "更新于 {time}", en: "Updated {time}" },
  "cons.template.edit": { zh: "编辑", en: "Edit" },
  "cons.template.delete": { zh: "删除", en: "Delete" },
  "cons.template.createTitle": { zh: "新建模板", en: "New template" },
  "cons.template.editTitle": { zh: "编辑模板“{name}”", en: "Edit the template “{name}”" },
  "cons.template.name": { zh: "模板名称", en: "Template name" },
  "cons.template.nameHint": { zh: "书写意见时按名称选择，例如“稳定型心绞痛”。", en: "Chosen by name while writing an opinion, e.g. “Stable angina”." },
  "cons.template.scope": { zh: "谁可以使用", en: "Who can use it" },
  "cons.template.scopeShared": { zh: "科室共享：本院本科室的专家都可以使用和修改", en: "Shared: every specialist of your specialty at your hospital can use and change it" },
  "cons.template.scopePersonal": { zh: "仅我自己", en: "Only me" },
  "cons.template.scopeNow": { zh: "谁可以使用：{scope}。这在新建时确定，之后不能更改。", en: "Who can use it: {scope}. This is set when the template is created and cannot change later." },
  "cons.template.fieldsHint": { zh: "至少填写一栏；各栏字数上限与会诊意见相同。", en: "Fill at least one field; each has the opinion's own length limit." },
  "cons.template.save": { zh: "保存模板", en: "Save the template" },
  "cons.template.saveChanges": { zh: "保存修改", en: "Save changes" },
  "cons.template.saving": { zh: "正在保存…", en: "Saving…" },
  "cons.template.cancel": { zh: "取消", en: "Cancel" },
  "cons.template.created": { zh: "已保存模板“{name}”。", en: "Saved the template “{name}”." },
  "cons.template.updated": { zh: "已保存对模板“{name}”的修改。", en: "Saved your changes to “{name}”." },
  "cons.template.deleted": { zh: "已删除模板“{name}”。", en: "Deleted the template “{name}”." },
  "cons.template.deleteTitle": { zh: "删除模板“{name}”？", en: "Delete the template “{name}”?" },
  "cons.template.deleteText": {
    zh: "删除后无法恢复。已签署的会诊意见不受影响。",
    en: "It cannot be brought back. Opinions already signed are not affected.",
  },
  "cons.template.deleteSharedText": { zh: "这是科室共享模板，删除后本科室的其他专家也将无法使用。", en: "This template is shared: your colleagues will no longer have it either." },
  "cons.template.deleteConfirm": { zh: "删除", en: "Delete" },
  "cons.template.personalBadge": { zh: "个人", en: "Personal" },
  "cons.template.sharedBadge": { zh: "科室", en: "Specialty" },

  // ---- the opinion form's picker
  "cons.template.pick": { zh: "套用意见模板", en: "Start from a template" },
  "cons.template.pickHint": { zh: "选择模板后点“套用”，模板内容会填入下方各栏，您可以继续修改。", en: "Choose a template and press Apply: its text fills the fields below, and you can edit it." },
  "cons.template.pickNone": { zh: "请选择模板", en: "Choose a template" },
  "cons.template.groupShared": { zh: "科室模板", en: "Specialty templates" },
  "cons.template.groupPersonal": { zh: "我的模板", en: "My templates" },
  "cons.template.apply": { zh: "套用", en: "Apply" },
  "cons.template.chooseFirst": { zh: "请先选择一个模板。", en: "Choose a template first." },
  "cons.template.noneYet": { zh: "还没有意见模板。", en: "No opinion templates yet." },
  "cons.template.manage": { zh: "管理意见模板", en: "Manage opinion templates" },
  "cons.template.loadFailed": { zh: "意见模板暂时无法载入，您仍可直接书写。", en: "The templates could not be loaded; you can still write the opinion yourself." },
  "cons.template.replaceTitle": { zh: "替换已填写的内容？", en: "Replace what is written?" },
  "cons.template.replaceText": {
    zh: "模板“{name}”会替换这些栏目中已有的文字：{fields}。模板中没有内容的栏目保持不变。",
    en: "The template “{name}” replaces the text already in: {fields}. Fields the template leaves empty stay as they are.",
  },
  "cons.template.replaceConfirm": { zh: "替换", en: "Replace" },
  "cons.template.keep": { zh: "保留现有内容", en: "Keep what is written" },
  "cons.template.applied": { zh: "已套用模板“{name}”，请根据患者情况修改后再签署。", en: "Applied “{name}”: adapt it to the patient before you sign." },
  "cons.template.listSeparator": { zh: "、", en: ", " },
});
