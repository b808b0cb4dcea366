import { describe, expect, it } from "vitest";
import { translator } from "@/lib/i18n";
import { badgeText, bellLabel, notificationText } from "./text";

describe("the notification bell's text", () => {
  it("shows no badge at 0 (or a negative count from a race), the number up to 99, then 99+", () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(-1)).toBeNull();
    expect(badgeText(1)).toBe("1");
    expect(badgeText(99)).toBe("99");
    expect(badgeText(100)).toBe("99+");
    expect(badgeText(12345)).toBe("99+");
  });

  it("names the bell with the exact count in words, in both languages", () => {
    expect(bellLabel(3, translator("zh-CN"))).toBe("通知，3 条未读");
    expect(bellLabel(3, translator("en"))).toBe("Notifications, 3 unread");
    expect(bellLabel(150, translator("zh-CN"))).toBe("通知，150 条未读");
    expect(bellLabel(0, translator("zh-CN"))).toBe("通知，没有未读");
    expect(bellLabel(0, translator("en"))).toBe("Notifications, none unread");
  });

  it("writes a notification's sentence with its time in Asia/Shanghai", () => {
    const item = { kind: "consultation.schedule", params: { number: "HZ1", startsAt: "2026-11-25T01:30:00.000Z" } };
    expect(notificationText(item, translator("zh-CN"), "zh-CN")).toBe("会诊 HZ1 已预约在 2026/11/25 09:30。");
    expect(notificationText(item, translator("en"), "en")).toBe("Consultation HZ1 is booked for 11/25/2026, 09:30.");
  });
});
