/** The FHIR API and institutions' integration credentials (server/record/fhir, ingest.ts, integration.ts). */
import { defineMessages } from "../define";

export const recordFhirMessages = defineMessages({
  // ---- integration credentials (server/record/integration.ts)
  "record.integration.needInstitution": { zh: "您的账号未归属任何机构，无法管理接口凭证。", en: "Your account does not belong to an institution, so it cannot manage integration credentials." },
  "record.integration.notFound": { zh: "没有找到该接口凭证。", en: "No such integration credential." },
  "record.integration.unauthenticated": { zh: "接口未认证：请检查机构接口凭证（Authorization: Bearer），它可能已被吊销。", en: "Not authenticated: check the institution's integration credential (Authorization: Bearer); it may have been revoked." },
  // ---- the FHIR API (server/record/fhir)
  "record.ingest.badJson": { zh: "提交的内容不是有效的 JSON。", en: "The body is not valid JSON." },
  "record.ingest.invalid": { zh: "Bundle 不符合 FHIR R4：发现 {count} 处问题，见各条 issue 的 expression。", en: "The Bundle is not valid FHIR R4: {count} problem(s), each issue's expression names the element." },
  "record.ingest.refused": { zh: "Bundle 未被接收（整体未保存）：{count} 处问题，见各条 issue 的 expression。", en: "The Bundle was not accepted (nothing was stored): {count} problem(s), each issue's expression names the element." },
  "record.ingest.tooMany": { zh: "一个 Bundle 最多 {max} 个条目，请分批提交。", en: "A Bundle may have at most {max} entries: send it in parts." },
  "record.fhir.notFound": { zh: "没有找到该资源，或您无权查看。", en: "No such resource, or you may not see it." },
  "record.fhir.unknownPath": { zh: "FHIR 接口不支持该地址或操作。", en: "The FHIR API does not support this path or interaction." },
  "record.fhir.badSearch": { zh: "查询参数有误：{problem}", en: "Bad search parameter: {problem}" },
  "record.fhir.wrongMediaType": { zh: "请求内容应为 application/fhir+json 或 application/json。", en: "The body must be application/fhir+json or application/json." },
  // ---- the admin page (components/record/IntegrationsAdmin.tsx)
  "record.integration.ui.title": { zh: "接口凭证", en: "Integration credentials" },
  "record.integration.ui.intro": { zh: "本机构的 HIS、LIS、PACS 等系统通过 FHIR R4 接口（/fhir/R4）推送和读取共享健康档案时使用的凭证。", en: "Credentials your institution's systems (HIS, LIS, PACS) use to push and read the shared health record through the FHIR R4 API (/fhir/R4)." },
  "record.integration.ui.issueHeading": { zh: "新增接口凭证", en: "Add a credential" },
  "record.integration.ui.name": { zh: "系统名称", en: "System name" },
  "record.integration.ui.nameHint": { zh: "例如“检验科 LIS”，便于日后识别和吊销。", en: "For example \"Laboratory LIS\", so you can recognise and revoke it later." },
  "record.integration.ui.nameRequired": { zh: "请填写系统名称。", en: "Enter the system's name." },
  "record.integration.ui.issue": { zh: "生成凭证", en: "Create credential" },
  "record.integration.ui.tokenOnce": { zh: "“{name}”的令牌只显示这一次，请立即复制并配置到该系统（Authorization: Bearer …）：", en: "The token of \"{name}\" is shown only this once. Copy it now and configure the system with it (Authorization: Bearer …):" },
  "record.integration.ui.copy": { zh: "复制令牌", en: "Copy token" },
  "record.integration.ui.none": { zh: "还没有接口凭证。", en: "No credentials yet." },
  "record.integration.ui.token": { zh: "令牌", en: "Token" },
  "record.integration.ui.created": { zh: "创建时间", en: "Created" },
  "record.integration.ui.lastUsed": { zh: "最近使用", en: "Last used" },
  "record.integration.ui.never": { zh: "从未使用", en: "Never" },
  "record.integration.ui.state": { zh: "状态", en: "State" },
  "record.integration.ui.actions": { zh: "操作", en: "Actions" },
  "record.integration.ui.active": { zh: "启用中", en: "Active" },
  "record.integration.ui.revoked": { zh: "已吊销", en: "Revoked" },
  "record.integration.ui.revoke": { zh: "吊销", en: "Revoke" },
  "record.integration.ui.confirmRevoke": { zh: "确认吊销“{name}”？该系统将立即无法访问接口。", en: "Revoke \"{name}\"? The system loses access to the API at once." },
  "record.integration.ui.confirm": { zh: "确认吊销", en: "Confirm revoke" },
  "record.integration.ui.cancel": { zh: "取消", en: "Cancel" },
  "record.integration.ui.loading": { zh: "加载中…", en: "Loading…" },
  "record.integration.ui.networkError": { zh: "网络错误，请重试。", en: "Network error. Try again." },
  "record.integration.ui.nav": { zh: "接口凭证", en: "Integrations" },
});
