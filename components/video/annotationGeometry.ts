/** The annotation stage is 16:9; shared screens and frozen frames need not be. */
export const STAGE_ASPECT = 16 / 9;
/** Width of the annotation canvas in canvas pixels; its height follows the picture. */
export const CANVAS_WIDTH = 960;

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where a picture of `width` × `height` shows inside the stage with `object-fit: contain`, in percent
 * of the stage. Strokes are stored relative to this box (the picture), not to the stage, so they
 * land on the same spot of the picture in every window and in the saved snapshot.
 */
export function pictureBox(width: number, height: number, stageAspect = STAGE_ASPECT): Box {
  if (!(width > 0 && height > 0)) return { left: 0, top: 0, width: 100, height: 100 };
  const aspect = width / height;
  if (aspect >= stageAspect) {
    const share = (stageAspect / aspect) * 100;
    return { left: 0, top: (100 - share) / 2, width: 100, height: share };
  }
  const share = (aspect / stageAspect) * 100;
  return { left: (100 - share) / 2, top: 0, width: share, height: 100 };
}

/** Canvas pixel size for a picture: fixed width, the picture's aspect (16:9 until it is known). */
export function canvasSize(width: number, height: number): { width: number; height: number } {
  const aspect = width > 0 && height > 0 ? width / height : STAGE_ASPECT;
  return { width: CANVAS_WIDTH, height: Math.round(CANVAS_WIDTH / aspect) };
}
