// Sizes of the built SPA: every JS/CSS chunk gzipped (level 9), and the initial JavaScript,
// i.e. what index.html loads before any route code: its module scripts, their modulepreloads,
// and every chunk those import statically (dynamic import() is code-split, so it does not count).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { URL } from 'node:url';
import { WEB_DIST } from './paths.mjs';

/** Budget from the SPA issue: initial JS at most 150 KB gzip (1 KB = 1000 bytes, as Vite prints). */
export const INITIAL_JS_BUDGET_BYTES = 150_000;

export const gzipSize = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Every .js and .css file in dist/assets with its raw and gzip size, largest gzip first. */
export const listChunks = (dist = WEB_DIST) =>
  readdirSync(join(dist, 'assets'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const path = join(dist, 'assets', f);
      return { file: `assets/${f}`, bytes: readFileSync(path).length, gzipBytes: gzipSize(path) };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);

const attr = (tag, name) => tag.match(new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`, 'i'))?.[1];

/** dist-relative path of a URL in index.html ("/assets/x.js", "./assets/x.js"); null when not local. */
const toDistPath = (url) => (/^(https?:)?\/\//.test(url) ? null : url.replace(/^\.?\//, '').split(/[?#]/)[0]);

// Static imports and re-exports in minified ES modules: `import{a}from"./x.js"`, `import"./y.js"`, `export*from"./z.js"`.
const STATIC_IMPORT = /(?:^|[^.\w$])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

/** The entry scripts, modulepreloads and stylesheets index.html loads, plus their static import closure. */
export const initialAssets = (dist = WEB_DIST) => {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const js = new Set();
  const css = new Set();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const rel = attr(tag, 'rel');
    const url = isScript ? attr(tag, 'src') : attr(tag, 'href');
    const path = url && toDistPath(url);
    if (!path) continue;
    if (isScript && attr(tag, 'type') === 'module') js.add(path);
    else if (!isScript && rel === 'modulepreload') js.add(path);
    else if (!isScript && rel === 'stylesheet') css.add(path);
  }
  const queue = [...js];
  while (queue.length > 0) {
    const path = queue.pop();
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    for (const [, spec] of readFileSync(join(dist, path), 'utf8').matchAll(STATIC_IMPORT)) {
      const resolved = new URL(spec, `file:///${dir}`).pathname.slice(1);
      if (!js.has(resolved)) {
        js.add(resolved);
        queue.push(resolved);
      }
    }
  }
  const sized = (paths) => [...paths].sort().map((file) => ({ file, gzipBytes: gzipSize(join(dist, file)) }));
  const jsFiles = sized(js);
  const cssFiles = sized(css);
  return {
    js: jsFiles,
    css: cssFiles,
    jsGzipBytes: jsFiles.reduce((sum, f) => sum + f.gzipBytes, 0),
    cssGzipBytes: cssFiles.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
};

export const kb = (bytes) => Math.round(bytes / 100) / 10;
