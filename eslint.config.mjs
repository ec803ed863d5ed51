import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import { noModuleCycle } from './eslint-rules/no-module-cycle.mjs';

const subfolders = (dir) =>
  readdirSync(new URL(dir, import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

const root = fileURLToPath(new URL('.', import.meta.url));
const apiModules = subfolders('./apps/api/src/modules/');
const webFeatures = subfolders('./apps/web/src/features/');

/**
 * What a module offers the other modules: its services (`*.service.ts`) and the files named here.
 * Routers are mounted by app.ts, which is outside modules/, so they need no entry.
 */
const apiModulePublicFiles = {
  ai: ['org-context.ts', 'business-facts.ts'], // the org facts every prompt is built from
  leads: ['leads.queries.ts'], // the one translation of a lead filter, also a campaign's audience
  telegram: ['telegram-api.ts', 'telegram-context.ts'], // the bot's outgoing side and types, for commands and notifications
};

const resolver = (tsconfig) =>
  createNodeResolver({
    extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.node'],
    conditionNames: ['@aiceo/source', 'import', 'require', 'default'],
    ...(tsconfig ? { tsconfig } : {}),
  });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/generated/**', '**/node_modules/**', '**/.data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-console': 'error',
    },
  },
  {
    // Import boundaries: import-x resolves each import to a file (`.ts` sources, the `@aiceo/source` condition).
    files: ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [resolver()] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The SPA's `@/*` paths come from its tsconfig.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    settings: { 'import-x/resolver-next': [resolver({ configFile: `${root}apps/web/tsconfig.json` })] },
  },
  {
    // An API module reaches another module only through its services (and the public files listed above),
    // and two modules never depend on each other.
    files: ['apps/api/src/modules/**/*.ts'],
    plugins: { aiceo: { rules: { 'no-module-cycle': noModuleCycle } } },
    rules: {
      'aiceo/no-module-cycle': ['error', { modulesDir: `${root}apps/api/src/modules` }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: apiModules.map((name) => ({
            target: `./apps/api/src/modules/!(${name})/**/*`,
            from: `./apps/api/src/modules/${name}/**`,
            except: [
              `${root}apps/api/src/modules/${name}/@(${['*.service.ts', ...(apiModulePublicFiles[name] ?? [])].join('|')})`,
            ],
            message: `Use the ${name} module through its *.service.ts exports.`,
          })),
        },
      ],
    },
  },
  {
    // SPA features never import each other; what two features share lives in components/, hooks/ or lib/.
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: webFeatures.map((name) => ({
            target: `./apps/web/src/features/${name}`,
            from: './apps/web/src/features',
            except: [`./${name}`],
            message: 'Features do not import each other; move the shared piece to components/, hooks/ or lib/.',
          })),
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // process.env is read in exactly one place per runtime: main.ts / worker.ts (and scripts/tests that boot them).
    files: ['apps/api/src/**/*.ts'],
    ignores: [
      'apps/api/src/main.ts',
      'apps/api/src/worker.ts',
      'apps/api/src/**/*.test.ts',
      'apps/api/src/testing/**',
      'apps/api/src/scripts/**',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read config from deps.env; only main.ts reads process.env.' },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  // Layout is Prettier's job (`pnpm format`; `pnpm lint` and the test command check it).
  prettier,
);
