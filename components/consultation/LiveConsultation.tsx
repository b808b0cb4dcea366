"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useNotifications } from "@/components/notifications/NotificationsProvider";

/**
 * Keeps a consultation's page in step with its status: every change of it (the call started or
 * ended, an assignment, a booking) notifies the other people involved over the tab's live
 * connection, and their page renders again.
 */
export function LiveConsultation({ id }: { id: string }) {
  const router = useRouter();
  const { subscribe } = useNotifications();
  useEffect(() => subscribe((item) => {
    if (item.link === `/consultations/${id}`) router.refresh();
  }), [id, router, subscribe]);
  return null;
}
