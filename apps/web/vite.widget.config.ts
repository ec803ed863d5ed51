// The embeddable website chat: `vite build -c vite.widget.config.ts` writes dist/widget-chat.js
// (the panel, loaded on first open) and then dist/widget.js (the loader a site embeds), both
// classic scripts (IIFE) so a page can load them from another origin with a plain script tag.
// It runs after the SPA's build and must leave that build's files in dist/ alone.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defaultClientConditions, defineConfig, type EnvironmentOptions, type Plugin } from 'vite';

/** Issue 17: what a page loads before the visitor opens the chat, gzipped. */
const LOADER_BUDGET_BYTES = 15_000;

const dist = fileURLToPath(new URL('./dist/', import.meta.url));
const CHAT_FILE = 'widget-chat.js';

/** One entry as one self-contained classic script in dist/. */
const iife = (entry: string, fileName: string): EnvironmentOptions => ({
  consumer: 'client',
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    target: 'es2020',
    minify: true,
    rollupOptions: {
      input: fileURLToPath(new URL(entry, import.meta.url)),
      output: { format: 'iife', entryFileNames: fileName },
    },
  },
});

/** Writes the chat chunk's content hash into the loader, which asks for widget-chat.js?v=<hash>. */
const chatVersion = (): Plugin => ({
  name: 'aiceo:widget-chat-version',
  applyToEnvironment: (environment) => environment.name === 'loader',
  renderChunk(code) {
    const path = `${dist}${CHAT_FILE}`;
    if (!existsSync(path)) this.error(`${CHAT_FILE} must be built before widget.js`);
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
    return code.replaceAll('__AICEO_CHAT_VERSION__', JSON.stringify(hash));
  },
});

/** Fails the build when the loader outgrows its budget, and says what each part weighs. */
const sizeReport = (): Plugin => ({
  name: 'aiceo:widget-size',
  generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'chunk') continue;
      const bytes = gzipSync(file.code).length;
      const message = `${file.fileName}: ${(bytes / 1000).toFixed(1)} KB gzip`;
      if (file.fileName === 'widget.js' && bytes > LOADER_BUDGET_BYTES)
        this.error(`${message}, over the ${LOADER_BUDGET_BYTES / 1000} KB budget`);
      if (/\bzod\b|ZodError/.test(file.code)) this.error(`${file.fileName} bundles zod`);
      this.info(message);
    }
  },
});

export default defineConfig({
  resolve: { conditions: ['@aiceo/source', ...defaultClientConditions] },
  plugins: [chatVersion(), sizeReport()],
  environments: {
    chat: iife('./widget/chat.ts', CHAT_FILE),
    loader: iife('./widget/loader.ts', 'widget.js'),
  },
  builder: {
    buildApp: async (builder) => {
      await builder.build(builder.environments.chat!);
      await builder.build(builder.environments.loader!);
    },
  },
});
