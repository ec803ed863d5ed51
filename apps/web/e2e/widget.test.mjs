/* global document, fetch, getComputedStyle, localStorage */
// The website chat widget as an owner's visitors meet it: a page on ANOTHER origin (a tiny site
// server on its own 127.0.0.1 port) embeds widget.js from the API with one script tag. The owner
// lists that origin in the widget's settings; a page on a port not in the list is refused.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { freePort } from './support/api-server.mjs';
import { eventually, expectVisible } from './support/expect.mjs';
import { ownerWithOrg } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

const HOST_TAG = 'aiceo-chat-widget';
const DANA =
  "Hi, I'm Dana Fox from Acme Ltd, email dana@acme.test, we need a new website, budget about $5,000, within 2 months";
/** Host-page CSS that would wreck any widget whose styles leaked: everything red, huge, serif. */
const HOSTILE_CSS =
  '<style>* { color: red !important; font-size: 40px !important; font-family: serif !important; }' +
  ' button, div, p, textarea { background: lime !important; padding: 30px !important; }</style>';

/** Switches the owner's website chat on for `domains`; returns its settings (with the public key). */
const enableWidget = async (api, owner, domains) => {
  const res = await api({
    method: 'PUT',
    path: `/api/orgs/${owner.org.id}/widget`,
    token: owner.token,
    body: { enabled: true, domains, greeting: 'Hi! Ask me anything about our websites.' },
  });
  assert.equal(res.status, 200, `enable the widget: ${JSON.stringify(res.body)}`);
  assert.ok(res.body.publicKey, 'the settings carry no public key');
  return res.body;
};

const sitePage = ({ title, widgetSrc, key, css }) =>
  [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>${css}</head><body>`,
    `<h1>${title}</h1><p>We build websites for small businesses.</p>`,
    // The one line from the settings page, as an owner pastes it.
    `<script src="${widgetSrc}" data-key="${key}" async></script>`,
    '</body></html>',
  ].join('');

/**
 * A stand-in for the owner's website on http://127.0.0.1:<port>: "/" and "/pricing" carry the
 * hostile CSS, "/plain" does not.
 */
const startSite = async ({ port, baseUrl, key }) => {
  const widgetSrc = new URL('/widget.js', baseUrl).toString();
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://site');
    const title = { '/': 'Acme Web Studio', '/pricing': 'Pricing', '/plain': 'Plain page' }[pathname];
    if (!title) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(sitePage({ title, widgetSrc, key, css: pathname === '/plain' ? '' : HOSTILE_CSS }));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

/** An owner with the widget on for a fresh site origin, and that site running. */
const ownerWithSite = async ({ api, baseUrl }, label) => {
  const owner = await ownerWithOrg(baseUrl, label);
  const port = await freePort();
  const settings = await enableWidget(api, owner, [`127.0.0.1:${port}`]);
  const site = await startSite({ port, baseUrl, key: settings.publicKey });
  return { owner, site, key: settings.publicKey };
};

/** Every widget API call the page made, with its status (and the body of streamed answers). */
const recordWidgetCalls = (page) => {
  const calls = [];
  page.on('request', (req) => {
    const { pathname } = new URL(req.url());
    if (/^\/(widget-chat\.js|api\/widget\/)/.test(pathname)) calls.push({ path: pathname, method: req.method() });
  });
  page.on('response', async (res) => {
    const { pathname } = new URL(res.url());
    const call = calls.find((c) => c.path === pathname && c.method === res.request().method() && !c.status);
    if (call) Object.assign(call, { status: res.status(), contentType: res.headers()['content-type'] ?? '' });
  });
  return calls;
};

const shadowActiveId = (page) =>
  page.evaluate((tag) => document.querySelector(tag)?.shadowRoot?.activeElement?.id ?? null, HOST_TAG);

/** The computed look of the bubble, and of the panel's title, message text and input once open. */
const widgetLook = (page) =>
  page.evaluate((tag) => {
    const shadow = document.querySelector(tag)?.shadowRoot;
    const pick = (selector, props) => {
      const el = shadow?.querySelector(selector);
      if (!el) return null;
      const style = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
    };
    return {
      bubble: pick('.bubble', ['width', 'height', 'background-color', 'padding-top', 'border-radius']),
      title: pick('.title', ['font-size', 'color', 'font-family', 'padding-top']),
      message: pick('.msg-ai .text', ['font-size', 'color', 'background-color', 'padding-top']),
      input: pick('textarea', ['font-size', 'color', 'background-color']),
    };
  }, HOST_TAG);

describe('website chat widget', () => {
  browserTest(
    "when a visitor on the owner's site tells the chat who they are and what they need, then the answer streams in and the owner has a website-chat lead with those fields",
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const { owner, site } = await ownerWithSite({ api, baseUrl }, 'widget-lead');
      const page = await newUserPage();
      const calls = recordWidgetCalls(page);
      try {
        // Act: a visit from a LinkedIn post.
        await page.goto(`${site.origin}/?utm_source=linkedin&utm_medium=social&utm_campaign=autumn-sites`);
        const bubble = await expectVisible(page.getByRole('button', { name: /^Chat with / }));

        // Assert: the bubble lives in the widget's shadow root, and the panel's code is not loaded yet.
        const placement = await page.evaluate((tag) => {
          const host = document.querySelector(tag);
          return {
            inShadow: Boolean(host?.shadowRoot?.querySelector('button.bubble')),
            inLightDom: document.querySelectorAll('button').length,
          };
        }, HOST_TAG);
        assert.deepEqual(placement, { inShadow: true, inLightDom: 0 });
        assert.deepEqual(
          calls.map((c) => `${c.method} ${c.path} ${c.status}`),
          ['GET /api/widget/config 200'],
          'before the visitor opens the chat, widget.js asks only for its config',
        );

        // Act: open the chat.
        await bubble.click();

        // Assert: a dialog with the greeting, focus in the message box.
        const dialog = await expectVisible(page.getByRole('dialog'));
        await expectVisible(dialog.getByText('Hi! Ask me anything about our websites.'));
        assert.equal(await bubble.getAttribute('aria-expanded'), 'true');
        await eventually(async () => assert.equal(await shadowActiveId(page), 'aiceo-chat-input'));

        // Act: the visitor writes (Enter sends).
        await dialog.getByLabel('Your message').fill(DANA);
        await dialog.getByLabel('Your message').press('Enter');

        // Assert: their message and a streamed answer from the sales rep.
        await expectVisible(dialog.locator('.msg-visitor[data-id]').getByText(DANA));
        const answer = dialog.locator('.msg-ai[data-id] .text');
        await expectVisible(answer, { timeoutMs: 20_000 });
        assert.ok((await answer.first().textContent()).trim().length > 0, 'the answer is empty');
        const sent = calls.find((c) => c.path.endsWith('/messages'));
        assert.equal(sent?.status, 200);
        assert.match(sent.contentType, /text\/event-stream/);
        assert.equal(await dialog.getByRole('alert').isVisible(), false, 'an error is shown');

        // Assert: the owner's CRM has the lead, from the website chat, with what Dana said.
        const lead = await eventually(
          async () => {
            const res = await api({
              path: `/api/orgs/${owner.org.id}/leads?source=${encodeURIComponent('website chat')}`,
              token: owner.token,
            });
            assert.equal(res.status, 200, JSON.stringify(res.body));
            const found = res.body.items.find((item) => item.email === 'dana@acme.test');
            assert.ok(found, `no website-chat lead for dana@acme.test: ${JSON.stringify(res.body.items)}`);
            return found;
          },
          { timeoutMs: 15_000 },
        );
        assert.equal(lead.source, 'website chat');
        assert.equal(lead.name, 'Dana Fox');
        assert.equal(lead.company, 'Acme Ltd');
        const inbox = await api({ path: `/api/orgs/${owner.org.id}/widget/conversations`, token: owner.token });
        assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
        assert.equal(inbox.body.items.length, 1);
        const [conversation] = inbox.body.items;
        assert.equal(conversation.lead?.id, lead.id);
        assert.equal(conversation.fields.name, 'Dana Fox');
        assert.equal(conversation.fields.email, 'dana@acme.test');
        assert.equal(conversation.fields.company, 'Acme Ltd');
        assert.match(conversation.fields.need ?? '', /website/i);
        assert.match(conversation.fields.budget ?? '', /5[,.]?000/);
        assert.match(conversation.fields.timeline ?? '', /2 months/);
        assert.equal(new URL(conversation.pageUrl).origin, site.origin);
      } finally {
        await site.close();
      }
    },
  );

  browserTest(
    'when the visitor comes back on another page, then the conversation continues; Escape closes it, and Start over begins a new one',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: a first message on the home page.
      const { owner, site, key } = await ownerWithSite({ api, baseUrl }, 'widget-continue');
      const page = await newUserPage();
      try {
        await page.goto(`${site.origin}/`);
        await (await expectVisible(page.getByRole('button', { name: /^Chat with / }))).click();
        const dialog = await expectVisible(page.getByRole('dialog'));
        await dialog.getByLabel('Your message').fill('Do you also build online shops?');
        await dialog.getByRole('button', { name: 'Send' }).click();
        await expectVisible(dialog.locator('.msg-ai[data-id]'), { timeoutMs: 20_000 });
        const firstToken = await page.evaluate((k) => localStorage.getItem(`aiceo-chat:${k}`), key);
        assert.ok(firstToken, 'no visitor token kept in localStorage');

        // Act: another page of the same site.
        await page.goto(`${site.origin}/pricing`);
        const bubble = await expectVisible(page.getByRole('button', { name: /^Chat with / }));
        await bubble.click();

        // Assert: the earlier messages are there.
        const again = await expectVisible(page.getByRole('dialog'));
        await expectVisible(again.getByText('Do you also build online shops?'));

        // Act + Assert: Escape closes the panel and gives focus back to the bubble.
        await again.getByLabel('Your message').press('Escape');
        await eventually(async () => assert.equal(await again.isVisible(), false));
        assert.equal(await bubble.getAttribute('aria-expanded'), 'false');
        assert.equal(
          await page.evaluate((tag) => document.querySelector(tag)?.shadowRoot?.activeElement?.className, HOST_TAG),
          'bubble',
        );

        // Act: reopen and start over.
        await bubble.click();
        await expectVisible(again.getByText('Do you also build online shops?'));
        await again.getByRole('button', { name: 'Start over' }).click();

        // Assert: an empty conversation with a new token.
        await eventually(async () => assert.equal(await again.getByText('Do you also build online shops?').count(), 0));
        await eventually(async () => {
          const token = await page.evaluate((k) => localStorage.getItem(`aiceo-chat:${k}`), key);
          assert.ok(token && token !== firstToken, 'Start over kept the old visitor token');
        });
        await expectVisible(again.getByText('Hi! Ask me anything about our websites.'));

        // Act + Assert: a message in the new conversation; the owner's inbox has it open and the first one closed.
        await again.getByLabel('Your message').fill('What do your websites cost?');
        await again.getByLabel('Your message').press('Enter');
        await expectVisible(again.locator('.msg-ai[data-id]'), { timeoutMs: 20_000 });
        const inbox = await api({ path: `/api/orgs/${owner.org.id}/widget/conversations`, token: owner.token });
        assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
        const previews = inbox.body.items.map((c) => ({ isOpen: c.isOpen, messages: c.messageCount > 0 }));
        assert.deepEqual(
          previews.sort((a, b) => Number(a.isOpen) - Number(b.isOpen)),
          [
            { isOpen: false, messages: true },
            { isOpen: true, messages: true },
          ],
        );
      } finally {
        await site.close();
      }
    },
  );

  browserTest(
    'when a teammate replies from the inbox, then the visitor sees the reply in the open chat and that a person is answering',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: a visitor's question in an open chat.
      const { owner, site } = await ownerWithSite({ api, baseUrl }, 'widget-human');
      const page = await newUserPage();
      try {
        await page.goto(`${site.origin}/`);
        await (await expectVisible(page.getByRole('button', { name: /^Chat with / }))).click();
        const dialog = await expectVisible(page.getByRole('dialog'));
        await dialog.getByLabel('Your message').fill('Can I talk to a person about a custom quote?');
        await dialog.getByLabel('Your message').press('Enter');
        await expectVisible(dialog.locator('.msg-ai[data-id]'), { timeoutMs: 20_000 });
        const inbox = await api({ path: `/api/orgs/${owner.org.id}/widget/conversations`, token: owner.token });
        assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
        const [conversation] = inbox.body.items;

        // Act: the owner answers from the inbox.
        const reply = await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/widget/conversations/${conversation.id}/reply`,
          token: owner.token,
          body: { text: 'Hello, this is the owner: happy to quote, what is your deadline?' },
        });
        assert.equal(reply.status, 201, JSON.stringify(reply.body));

        // Assert: the open chat picks it up (it polls every few seconds), marked as a person's.
        const human = dialog.locator('.msg-human[data-id]');
        await expectVisible(human.getByText('Hello, this is the owner: happy to quote, what is your deadline?'), {
          timeoutMs: 15_000,
        });
        await expectVisible(dialog.getByText(/You are talking with a person from/));
      } finally {
        await site.close();
      }
    },
  );

  browserTest(
    'when the visitor sends messages faster than allowed, then the chat says so in plain words and keeps the unsent text',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: a conversation whose visitor has used up the minute's messages (sent straight to the API from the site's origin).
      const { site, key } = await ownerWithSite({ api, baseUrl }, 'widget-429');
      const page = await newUserPage();
      try {
        await page.goto(`${site.origin}/`);
        await (await expectVisible(page.getByRole('button', { name: /^Chat with / }))).click();
        const dialog = await expectVisible(page.getByRole('dialog'));
        await dialog.getByLabel('Your message').fill('Hello there');
        await dialog.getByLabel('Your message').press('Enter');
        await expectVisible(dialog.locator('.msg-ai[data-id]'), { timeoutMs: 20_000 });
        const visitorToken = await page.evaluate((k) => localStorage.getItem(`aiceo-chat:${k}`), key);
        const start = await fetch(new URL('/api/widget/conversations', baseUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: site.origin },
          body: JSON.stringify({ key, visitorToken }),
        });
        const { conversationId } = await start.json();
        let status = 200;
        for (let i = 0; i < 30 && status !== 429; i += 1) {
          const res = await fetch(new URL(`/api/widget/conversations/${conversationId}/messages`, baseUrl), {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: site.origin },
            body: JSON.stringify({ key, visitorToken, text: `Message ${i}` }),
          });
          status = res.status;
          await res.arrayBuffer();
        }
        assert.equal(status, 429, 'the API never limited the visitor');

        // Act
        await dialog.getByLabel('Your message').fill('One more question about prices');
        await dialog.getByLabel('Your message').press('Enter');

        // Assert
        await expectVisible(dialog.getByRole('alert').getByText(/too quickly|too fast/i));
        assert.equal(await dialog.getByLabel('Your message').inputValue(), 'One more question about prices');
        assert.equal(await dialog.locator('.msg-visitor').getByText('One more question about prices').count(), 0);
      } finally {
        await site.close();
      }
    },
  );

  browserTest(
    "when the host page's CSS styles every element, then the widget looks exactly as on a plain page; on a 390 px phone the panel fills the width",
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const { site } = await ownerWithSite({ api, baseUrl }, 'widget-css');
      const openOn = async (page, path) => {
        await page.goto(`${site.origin}${path}`);
        await (await expectVisible(page.getByRole('button', { name: /^Chat with / }))).click();
        await expectVisible(page.getByRole('dialog').getByText('Hi! Ask me anything about our websites.'));
      };
      try {
        // Act
        const plain = await newUserPage();
        await openOn(plain, '/plain');
        const hostile = await newUserPage();
        await openOn(hostile, '/');

        // Assert: the host's rules apply to its own page, not to the widget.
        const hostHeading = await hostile.evaluate(() => getComputedStyle(document.querySelector('h1')).fontSize);
        assert.equal(hostHeading, '40px', 'the hostile CSS is not in effect on the host page');
        const plainLook = await widgetLook(plain);
        assert.ok(
          plainLook.bubble && plainLook.title && plainLook.message && plainLook.input,
          JSON.stringify(plainLook),
        );
        assert.deepEqual(await widgetLook(hostile), plainLook);
        assert.equal(plainLook.title['font-size'], '16px');

        // Act: a phone.
        const phone = await newUserPage({ viewport: { width: 390, height: 844 } });
        await openOn(phone, '/');

        // Assert
        const box = await phone.getByRole('dialog').boundingBox();
        assert.equal(Math.round(box.width), 390);
        assert.equal(Math.round(box.x), 0);
      } finally {
        await site.close();
      }
    },
  );

  browserTest(
    "when a page on an origin that is not in the owner's list embeds the widget, then the server refuses it (403) and no chat appears",
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: the owner lists one port; the page runs on another.
      const owner = await ownerWithOrg(baseUrl, 'widget-refused');
      const listedPort = await freePort();
      const { publicKey } = await enableWidget(api, owner, [`127.0.0.1:${listedPort}`]);
      const site = await startSite({ port: await freePort(), baseUrl, key: publicKey });
      const page = await newUserPage();
      const notes = [];
      page.on('console', (msg) => notes.push(msg.text()));
      try {
        // Act
        await page.goto(`${site.origin}/`);

        // Assert: a note for the site's owner in the console, no chat on the page.
        await eventually(() =>
          assert.ok(
            notes.some((n) => n.startsWith('[chat widget]')),
            notes.join('\n'),
          ),
        );
        assert.equal(await page.locator(HOST_TAG).count(), 0);
        assert.equal(await page.getByRole('button', { name: /^Chat with / }).count(), 0);

        // Assert: the server answers that origin's config request with 403, and the listed one with 200.
        const config = (origin) =>
          fetch(new URL(`/api/widget/config?key=${encodeURIComponent(publicKey)}`, baseUrl), {
            headers: { origin },
          });
        const refused = await config(site.origin);
        assert.equal(refused.status, 403);
        assert.equal(refused.headers.get('access-control-allow-origin'), null);
        assert.equal((await config(`http://127.0.0.1:${listedPort}`)).status, 200);
      } finally {
        await site.close();
      }
    },
  );
});
