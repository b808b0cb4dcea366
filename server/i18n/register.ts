/**
 * Domain modules keep their messages next to their code; this merges them into the catalogue.
 * Imported wherever translations are produced (app/_lib/i18n.ts, app/_lib/api.ts, socket glue).
 */
import { consultationMessages } from "@/server/consultation/messages";
import { upcomingMessages } from "@/server/consultation/upcomingMessages";
import { healthCardMessages } from "@/server/healthcard/messages";
import { notificationMessages } from "@/server/notifications/messages";
import { sfuMessages } from "@/server/sfu/messages";
import { videoMessages } from "@/server/video/messages";
import { registerMessages } from "@/lib/i18n";

for (const messages of [healthCardMessages, consultationMessages, videoMessages, sfuMessages, notificationMessages, upcomingMessages]) {
  registerMessages(messages);
}
