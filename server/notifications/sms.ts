/**
 * Text messages through the hospital's own SMS gateway (SMS_GATEWAY_URL): the platform posts
 * `{ "to": "<mobile>", "text": "<message>" }` as JSON with `Authorization: Bearer SMS_GATEWAY_TOKEN`
 * and counts any 2xx as sent. Without a gateway there is no sender, and the UI offers copying the
 * link instead. The number is never logged (personal data); a failure is logged with its status.
 */
import { translate, type MessageKey } from "@/lib/i18n";
import { log } from "@/lib/log";

export interface SmsMessage {
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

export interface SmsSender {
  /** Sends one message; answers whether the gateway accepted it. Never throws. */
  send(phone: string, message: SmsMessage): Promise<boolean>;
}

const logger = log.child({ module: "sms" });
const SMS_TIMEOUT_MS = 5_000;

export function smsGateway(options: { url: string; token?: string; timeoutMs?: number }): SmsSender {
  return {
    async send(phone, message) {
      // Residents read Chinese first; a message carries no language of the recipient's choosing.
      const text = translate("zh-CN", message.messageKey, message.params);
      try {
        const response = await fetch(options.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
          body: JSON.stringify({ to: phone, text }),
          signal: AbortSignal.timeout(options.timeoutMs ?? SMS_TIMEOUT_MS),
        });
        if (!response.ok) logger.warn("sms.refused", { status: response.status, messageKey: message.messageKey });
        await response.body?.cancel();
        return response.ok;
      } catch (error) {
        logger.warn("sms.unreachable", { error: error instanceof Error ? error.name : "error", messageKey: message.messageKey });
        return false;
      }
    },
  };
}
