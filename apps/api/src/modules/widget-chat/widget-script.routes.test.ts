import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestContext, type TestContext } from '../../testing/test-app';

const LOADER = '(function(){/* loader */})();';
const CHAT = '(function(){/* chat */})();';
const chatHash = createHash('sha256').update(CHAT).digest('hex').slice(0, 12);

describe('GET /widget.js and /widget-chat.js', () => {
  let t: TestContext;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'widget-dist-'));
    writeFileSync(join(dist, 'widget.js'), LOADER);
    writeFileSync(join(dist, 'widget-chat.js'), CHAT);
    // With an index.html the SPA's fallback is on: a missing widget file must still not become the app page.
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>SPA</title>');
    t = await createTestContext({ env: { WEB_DIST_DIR: dist } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('when a site loads widget.js, then it gets the built file as JavaScript that another origin may load, cached briefly', async () => {
    const res = await request(t.app).get('/widget.js').set('Origin', 'https://shop.example.com');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=86400');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.text).toBe(LOADER);
  });

  it('when the loader asks for the chat chunk with its content hash, then it may be cached for good; any other version only briefly', async () => {
    const current = await request(t.app).get(`/widget-chat.js?v=${chatHash}`);
    expect(current.status).toBe(200);
    expect(current.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(current.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(current.text).toBe(CHAT);

    const stale = await request(t.app).get('/widget-chat.js?v=0123456789ab');
    expect(stale.status).toBe(200);
    expect(stale.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=86400');
  });

  it('when the chat chunk is not built, then asking for it is a plain-words 404, not the SPA page', async () => {
    rmSync(join(dist, 'widget-chat.js'));
    const res = await request(t.app).get('/widget-chat.js');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('<title>SPA</title>');
    expect(res.body.error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'The website chat is not built on this server',
    });
  });
});
