import { isAbsolute, resolve } from 'node:path';

/** The repository root, from src/ (tsx, jest) and dist/ (node) alike: apps/api/{src,dist}/config -> root. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** Relative paths in the environment are relative to the repository root, whatever the working directory. */
export const fromRoot = (path: string): string => (isAbsolute(path) ? path : resolve(REPO_ROOT, path));
