import { URL, fileURLToPath } from 'node:url';

/** Absolute paths the browser tests and the web bench share. */
export const WEB_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const WEB_DIST = `${WEB_DIR}dist/`;
export const API_DIR = `${REPO_ROOT}apps/api/`;
export const API_MAIN = `${API_DIR}dist/main.js`;
export const SHARED_DIR = `${REPO_ROOT}packages/shared/`;
/** Screenshots, page HTML and server logs of failed runs (gitignored). */
export const ARTIFACTS_DIR = `${REPO_ROOT}test-artifacts/e2e/`;
/** Where each package leaves its results for the root test command's closing line. */
export const RESULTS_DIR = `${REPO_ROOT}test-results/`;
