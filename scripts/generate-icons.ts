/**
 * Writes the platform's icons in public/ from one source, public/icon.svg:
 * favicon.ico (16, 32 and 48 px PNG images in one ICO), icon-192.png and icon-512.png, their
 * maskable versions (the artwork shrunk into the safe zone on a full-bleed background, so a
 * launcher's circle or squircle mask cuts nothing) and apple-touch-icon.png (180 px, opaque).
 * The outputs are committed; run again after changing the SVG: `npx tsx scripts/generate-icons.ts`.
 * sharp is the one Next installs for image optimisation (a prebuilt libvips, no build step).
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

const publicDir = path.resolve(import.meta.dirname, "..", "public");
/** The colour behind the maskable and Apple icons: the SVG's background, the UI's --primary. */
export const ICON_BACKGROUND = "#0b6e74";
/**
 * A maskable icon's content must fit in the central circle of 80 % of its width; the artwork's
 * farthest point (the signal arc's end, 278 px from the centre of 512) lands inside it at 70 %.
 */
const MASKABLE_CONTENT_SCALE = 0.7;

function maskable(svg: string): string {
  const inner = svg.replace(/^[\s\S]*?<svg[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  const offset = (512 * (1 - MASKABLE_CONTENT_SCALE)) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="${ICON_BACKGROUND}"/><g transform="translate(${offset} ${offset}) scale(${MASKABLE_CONTENT_SCALE})">${inner}</g></svg>`;
}

async function png(svg: string, size: number, opaque = false): Promise<Buffer> {
  let image = sharp(Buffer.from(svg), { density: 72 * (size / 512) * 4 }).resize(size, size);
  if (opaque) image = image.flatten({ background: ICON_BACKGROUND });
  return image.png({ compressionLevel: 9 }).toBuffer();
}

/** An ICO file holding PNG images (the format every current browser and Windows reads). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

async function main(): Promise<void> {
  const svg = await readFile(path.join(publicDir, "icon.svg"), "utf8");
  const outputs: Record<string, Buffer> = {
    "favicon.ico": ico(await Promise.all([16, 32, 48].map(async (size) => ({ size, data: await png(svg, size) })))),
    "icon-192.png": await png(svg, 192),
    "icon-512.png": await png(svg, 512),
    "icon-maskable-192.png": await png(maskable(svg), 192, true),
    "icon-maskable-512.png": await png(maskable(svg), 512, true),
    "apple-touch-icon.png": await png(maskable(svg), 180, true),
  };
  for (const [name, data] of Object.entries(outputs)) {
    await writeFile(path.join(publicDir, name), data);
    process.stdout.write(`public/${name}  ${data.length} bytes\n`);
  }
}

await main();
