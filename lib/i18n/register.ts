/**
 * Domain modules keep their messages next to their code; this merges them into the catalogue.
 * Imported wherever translations are produced (lib/next/i18n.ts, lib/next/api.ts, socket glue).
 */
import { consultationMessages } from "@/server/consultation/messages";
import { upcomingMessages } from "@/server/consultation/upcomingMessages";
import { healthCardMessages } from "@/server/healthcard/messages";
import { notificationMessages } from "@/server/notifications/messages";
import { sfuMessages } from "@/server/sfu/messages";
import { videoMessages } from "@/server/video/messages";
import { registerMessages } from "./index";

for (const messages of [healthCardMessages, consultationMessages, videoMessages, sfuMessages, notificationMessages, upcomingMessages]) {
  registerMessages(messages);
}
