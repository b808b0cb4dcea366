import type { BadgeTone } from "@/components/ui/Badge";

/** How an account's status (server/admin/staff.ts) is shown: its badge's tone. */
export const STATUS_TONE = { ACTIVE: "success", INVITED: "info", DISABLED: "danger" } as const satisfies Record<string, BadgeTone>;
