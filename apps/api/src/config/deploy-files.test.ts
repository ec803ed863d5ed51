import { existsSync, readFileSync } from 'node:fs';
import { healthEndpoints } from '@aiceo/shared/health';
import { fromRoot } from './paths';

// The deploy files promise what the README says: Railway runs the API and the worker from one image
// (migrations before traffic, a health check the API answers), and Vercel sends /api to the API
// before its SPA fallback could catch it.

type RailwayConfig = {
  build: { builder: string; dockerfilePath: string };
  deploy: {
    startCommand: string;
    preDeployCommand?: string[];
    healthcheckPath?: string;
    restartPolicyType: string;
    restartPolicyMaxRetries?: number;
  };
};
type VercelConfig = { rewrites: { source: string; destination: string }[] };

const readJson = <T>(path: string): T => JSON.parse(readFileSync(fromRoot(path), 'utf8')) as T;
const api = readJson<RailwayConfig>('railway.json');
const worker = readJson<RailwayConfig>('railway.worker.json');
const apiScripts = readJson<{ scripts: Record<string, string> }>('apps/api/package.json').scripts;

/** `node apps/api/dist/x.js` in the image is the package's `node dist/x.js` script run from apps/api. */
const asPackageScript = (command: string): string => command.replace(' apps/api/', ' ');

describe('railway.json (API) and railway.worker.json (worker)', () => {
  it('when both are read, then they build the one API image and restart on failure', () => {
    for (const config of [api, worker]) {
      expect(config.build).toEqual({ builder: 'DOCKERFILE', dockerfilePath: 'apps/api/Dockerfile' });
      expect(config.deploy.restartPolicyType).toBe('ON_FAILURE');
    }
    expect(existsSync(fromRoot(api.build.dockerfilePath))).toBe(true);
  });

  it("when the commands are read, then they are the API package's start, db:migrate and worker scripts", () => {
    expect(asPackageScript(api.deploy.startCommand)).toBe(apiScripts['start']);
    expect(api.deploy.preDeployCommand?.map(asPackageScript)).toEqual([apiScripts['db:migrate']]);
    expect(asPackageScript(worker.deploy.startCommand)).toBe(apiScripts['worker']);
    // dist/x.js is compiled from src/x.ts, and the image keeps apps/api/dist.
    for (const command of [
      api.deploy.startCommand,
      worker.deploy.startCommand,
      ...(api.deploy.preDeployCommand ?? []),
    ]) {
      const source = command.replace(/^node apps\/api\/dist\/(.+)\.js$/, 'apps/api/src/$1.ts');
      expect(existsSync(fromRoot(source))).toBe(true);
    }
    expect(readFileSync(fromRoot('apps/api/Dockerfile'), 'utf8')).toContain('COPY --from=build /app/apps/api/dist');
  });

  it('when the health check is read, then it is the public liveness route the image checks too; the worker has none', () => {
    expect(api.deploy.healthcheckPath).toBe(healthEndpoints.live.path);
    expect(healthEndpoints.live).toMatchObject({ method: 'GET', auth: { kind: 'public' } });
    expect(readFileSync(fromRoot('apps/api/Dockerfile'), 'utf8')).toContain(`'${healthEndpoints.live.path}'`);
    // The worker serves no HTTP: a health check there would fail every deploy.
    expect(worker.deploy.healthcheckPath).toBeUndefined();
  });
});

describe('apps/web/vercel.json', () => {
  it('when the rewrites are read, then /api goes to the API before the SPA fallback', () => {
    const { rewrites } = readJson<VercelConfig>('apps/web/vercel.json');
    const apiRewrite = rewrites.findIndex((r) => r.source === '/api/:path*');
    const spaFallback = rewrites.findIndex((r) => r.destination === '/index.html');
    expect(apiRewrite).toBeGreaterThanOrEqual(0);
    expect(rewrites[apiRewrite]?.destination).toMatch(/^https:\/\/[^/]+\/api\/:path\*$/);
    expect(spaFallback).toBeGreaterThan(apiRewrite);
  });
});
