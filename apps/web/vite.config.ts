import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, loadEnv, type Plugin } from 'vite';

/** The budget: what the browser must run before the first screen, gzipped. */
const INITIAL_JS_BUDGET_KB = 150;

/** Fails the build when the entry chunk and everything it imports statically outgrow the budget. */
const initialJsBudget = (limitKb: number): Plugin => ({
  name: 'aiceo:initial-js-budget',
  apply: 'build',
  generateBundle(_options, bundle) {
    const chunks = new Map(
      Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file] as const] : [])),
    );
    const seen = new Set<string>();
    const visit = (fileName: string) => {
      const chunk = chunks.get(fileName);
      if (!chunk || seen.has(fileName)) return;
      seen.add(fileName);
      chunk.imports.forEach(visit);
    };
    for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
    const bytes = [...seen].reduce((sum, fileName) => sum + gzipSync(chunks.get(fileName)?.code ?? '').length, 0);
    const kb = bytes / 1024;
    const message = `initial JavaScript: ${kb.toFixed(1)} KB gzip in ${seen.size} files (budget ${limitKb} KB)`;
    if (kb > limitKb) this.error(message);
    this.info(message);
  },
});

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '');
  // Where `pnpm dev` forwards /api; the API's own dev server listens on 3000.
  const apiProxyTarget = env.API_PROXY_TARGET ?? 'http://localhost:3000';

  return {
    plugins: [react(), initialJsBudget(INITIAL_JS_BUDGET_KB)],
    resolve: {
      // Workspace packages are read from their TypeScript sources through the "@aiceo/source" export
      // condition (the API's typecheck and tests use the same one): ES modules, tree-shaken, hot-reloaded.
      conditions: ['@aiceo/source', ...defaultClientConditions],
      alias: [{ find: /^@\/(.+)$/, replacement: `${src}$1` }],
    },
    server: {
      port: 5173,
      strictPort: true,
      proxy: { '/api': { target: apiProxyTarget } },
    },
    preview: { port: 4173, proxy: { '/api': { target: apiProxyTarget } } },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      // React DOM alone is ~200 KB minified; the gzip budget above is the limit that matters.
      chunkSizeWarningLimit: 400,
    },
  };
});
