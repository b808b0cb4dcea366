import { describe, expect, it } from "vitest";
import { bandRect, CHART, diamond, niceStep, plotHeight, timeTicks, valueAxis, xOf, yOf } from "./chartGeometry";

const noBand = { low: null, high: null, low2: null, high2: null };

describe("the chart's geometry", () => {
  it("round steps of 1, 2 and 5", () => {
    expect(niceStep(100)).toBe(50);
    expect(niceStep(8)).toBe(2);
    expect(niceStep(0.9)).toBe(0.5);
    expect(niceStep(37)).toBe(10);
  });

  it("the value axis holds every value and the band's edges, with round ticks", () => {
    const axis = valueAxis({ from: 0, to: 1, points: [{ at: 0, value: 186, value2: 112 }, { at: 1, value: 118, value2: 76 }], band: { low: 90, high: 135, low2: 60, high2: 85 } });
    expect(axis.min).toBeLessThanOrEqual(60);
    expect(axis.max).toBeGreaterThanOrEqual(186);
    expect(axis.ticks[0]).toBe(axis.min);
    expect(axis.ticks.at(-1)).toBe(axis.max);
    expect(axis).toEqual({ min: 50, max: 200, ticks: [50, 100, 150, 200] });
    expect(valueAxis({ from: 0, to: 1, points: [{ at: 0, value: 5.6, value2: null }], band: { low: 3.9, high: 11.1, low2: null, high2: null } }).ticks).toEqual([2, 4, 6, 8, 10, 12]);
    // One value, no band: still an axis.
    expect(valueAxis({ from: 0, to: 1, points: [{ at: 0, value: 70, value2: null }], band: noBand })).toMatchObject({ min: 69, max: 71 });
  });

  it("maps time left to right over the period, values bottom to top", () => {
    expect(xOf(0, 0, 100)).toBe(CHART.left);
    expect(xOf(100, 0, 100)).toBe(CHART.width - CHART.right);
    const axis = { min: 0, max: 100, ticks: [] };
    expect(yOf(0, axis)).toBe(CHART.top + plotHeight);
    expect(yOf(100, axis)).toBe(CHART.top);
    expect(timeTicks(0, 90, 4)).toEqual([0, 30, 60, 90]);
  });

  it("a band with an open edge reaches the plot's edge; none when both are open", () => {
    const axis = { min: 80, max: 100, ticks: [] };
    expect(bandRect(95, null, axis)).toMatchObject({ y: CHART.top });
    expect(bandRect(null, 90, axis)).toMatchObject({ y: yOf(90, axis), height: CHART.top + plotHeight - yOf(90, axis) });
    expect(bandRect(null, null, axis)).toBeNull();
    expect(diamond(10, 10, 4)).toBe("M10 6L14 10L10 14L6 10Z");
  });
});
