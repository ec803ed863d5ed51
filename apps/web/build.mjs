// Placeholder build: copies the static page to dist/ until the Vite SPA replaces it.
import { cpSync, mkdirSync, watch } from 'node:fs';

const build = () => {
  mkdirSync('dist', { recursive: true });
  cpSync('public', 'dist', { recursive: true });
};
build();
if (process.argv.includes('--watch')) watch('public', { recursive: true }, build);
