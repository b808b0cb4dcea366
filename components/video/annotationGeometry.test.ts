import { describe, expect, it } from "vitest";
import { canvasSize, pictureBox } from "./annotationGeometry";

describe("pictureBox", () => {
  it("fills the stage with a 16:9 picture", () => {
    expect(pictureBox(1920, 1080)).toEqual({ left: 0, top: 0, width: 100, height: 100 });
  });

  it("centres a 4:3 frame (a camera, an old 1280×1024-class monitor) between bars at the sides", () => {
    const box = pictureBox(640, 480);
    expect(box.top).toBe(0);
    expect(box.height).toBe(100);
    expect(box.width).toBeCloseTo(75);
    expect(box.left).toBeCloseTo(12.5);
  });

  it("centres a wider picture between bars above and below", () => {
    const box = pictureBox(2560, 1080);
    expect(box.left).toBe(0);
    expect(box.width).toBe(100);
    expect(box.height).toBeCloseTo((16 / 9 / (2560 / 1080)) * 100);
    expect(box.top + box.height / 2).toBeCloseTo(50);
  });

  it("covers the stage while the picture's size is unknown", () => {
    expect(pictureBox(0, 0)).toEqual({ left: 0, top: 0, width: 100, height: 100 });
  });
});

describe("canvasSize", () => {
  it("keeps the picture's aspect so strokes are not stretched", () => {
    expect(canvasSize(640, 480)).toEqual({ width: 960, height: 720 });
    expect(canvasSize(1920, 1080)).toEqual({ width: 960, height: 540 });
    expect(canvasSize(0, 0)).toEqual({ width: 960, height: 540 });
  });
});
