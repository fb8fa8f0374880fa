// A vega-lite spec to a PNG without a browser: vega-lite compiles it, a headless vega View draws it
// as SVG, and resvg rasterises the SVG with a font shipped on npm (dejavu-fonts-ttf), never the
// machine's fonts, so a chart looks the same everywhere.
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** What chat platforms accept for an inline image (Teams: at most 1024×1024 and 1 MB). */
export const MAX_SIDE = 1024;
export const MAX_BYTES = 1_000_000;
export const CHART_FONT = "DejaVu Sans";

const require = createRequire(import.meta.url);
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

export async function renderPng(spec: TopLevelSpec): Promise<Png> {
  const view = new View(parse(compile({ ...spec, config: { font: CHART_FONT, ...spec.config } }).spec), { renderer: "none" });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const font = { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT };
  let image = new Resvg(svg, { background: "white", font }).render();
  if (image.width > MAX_SIDE || image.height > MAX_SIDE) {
    const fitTo = image.width >= image.height ? { mode: "width" as const, value: MAX_SIDE } : { mode: "height" as const, value: MAX_SIDE };
    image = new Resvg(svg, { background: "white", font, fitTo }).render();
  }
  const png = { data: image.asPng(), width: image.width, height: image.height };
  if (png.data.length >= MAX_BYTES) throw new Error(`chart PNG is ${png.data.length} bytes, over the ${MAX_BYTES} a chat platform accepts`);
  return png;
}
