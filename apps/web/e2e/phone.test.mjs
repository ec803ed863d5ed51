/* global document, window, getComputedStyle, PopStateEvent */
// Every page and every dialog of the app on a 390 px phone: nothing may be wider than the screen
// (unless it sits in a box that scrolls sideways on its own), dialogs and their buttons fit the
// viewport, and the folded navigation reaches every item. The list of pages comes from
// src/config/paths.ts: a path key that is neither visited nor skipped with a reason fails the test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { PASSWORD } from './support/api.mjs';
import { expectOk } from './support/autonomy.mjs';
import { eventually, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { WEB_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();
const PHONE = { width: 390, height: 844 };
const DAY_MS = 24 * 3600 * 1000;

/**
 * The dotted keys of every entry with a `path` in paths.ts ("orgs.leads.board"), read from the
 * source (the test runs on plain node): a key per `name: {` line, closed when its braces are.
 */
const pathKeys = () => {
  const source = readFileSync(join(WEB_DIR, 'src', 'config', 'paths.ts'), 'utf8');
  const body = source.slice(source.indexOf('export const paths = {'));
  const keys = [];
  const stack = [];
  let depth = 0;
  for (const line of body.split('\n')) {
    const opened = /^\s*(\w+): \{/.exec(line);
    if (opened) stack.push({ key: opened[1], depth });
    if (/^\s*(?:\w+: \{ )?path: /.test(line) && stack.length > 0) keys.push(stack.map((s) => s.key).join('.'));
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    while (stack.length > 0 && depth <= stack.at(-1).depth) stack.pop();
    if (depth <= 0 && line.includes('}')) break;
  }
  return keys;
};

// A German statement (as in money-books.test.mjs), so the money pages have rows, accounts and rules to show.
const STATEMENT = [
  'Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung',
  '28.11.2026;28.11.2026;Adobe Systems Software Ireland Limited;Lastschrift;Creative Cloud Abo Einzelplatz Jahreslizenz monatlich;13.944,96;EUR;-59,49;EUR',
  '20.11.2026;20.11.2026;Café Kranzler;Kartenzahlung;Kaffee;14.044,35;EUR;-4,20;EUR',
  '15.11.2026;15.11.2026;Kunde GmbH;Gutschrift;Rechnung 2026-041;14.052,75;EUR;5.400,00;EUR',
  '03.11.2026;03.11.2026;Hausverwaltung Schmidt;Dauerauftrag;Miete November;8.652,75;EUR;-1.250,00;EUR',
].join('\r\n');

/** Data on every page: leads, posts, a campaign, a goal, a task, books, a key, an invitation, a rule. */
const seedOrg = async (api, owner) => {
  const call = (request) => api({ token: owner.token, ...request });
  const org = (path) => `/api/orgs/${owner.org.id}${path}`;
  expectOk(
    await call({ method: 'PATCH', path: org(''), body: { currency: 'EUR', timezone: 'Europe/Berlin' } }),
    200,
    'set EUR',
  );
  const leads = [];
  for (const lead of [
    {
      name: 'Maximiliane Wolkenstein-Oberhausen',
      email: 'maximiliane.wolkenstein-oberhausen@an-extremely-long-company-domain.example.com',
      company: 'Wolkenstein-Oberhausen Landschaftsarchitektur und Gartenbau GmbH & Co. KG',
      stage: 'contacted',
      valueCents: 1_250_000,
      tags: ['referral', 'garden-design'],
    },
    { name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Engines', stage: 'new' },
    { name: 'Grace Hopper', email: 'grace@example.com', company: 'Hopper Compilers', stage: 'proposal' },
  ]) {
    leads.push(expectOk(await call({ method: 'POST', path: org('/leads'), body: lead }), 201, `lead ${lead.name}`));
  }
  const soon = (days) => new Date(Date.now() + days * DAY_MS).toISOString();
  for (const post of [
    {
      title: 'Autumn garden checklist: ten things to do before the first frost arrives',
      body: 'Rake, mulch, plant bulbs.',
      scheduledFor: soon(1),
    },
    { title: 'Client story', body: 'How we redesigned a courtyard.', scheduledFor: soon(2) },
    { title: 'Unscheduled idea', body: 'A draft without a date.' },
  ]) {
    expectOk(await call({ method: 'POST', path: org('/posts'), body: post }), 201, `post ${post.title}`);
  }
  const campaign = expectOk(
    await call({
      method: 'POST',
      path: org('/campaigns'),
      body: {
        name: 'Spring offer for every garden owner in the region',
        subject: 'Spring is coming',
        body: 'Hello {{firstName}}',
        audience: {},
      },
    }),
    201,
    'campaign',
  );
  const goal = expectOk(
    await call({ method: 'POST', path: org('/goals'), body: { title: 'Sign three retainer clients this quarter' } }),
    201,
    'goal',
  );
  // A client project with a long name, milestones (one overdue) and a budget: the list, board and page.
  const day = (days) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
  const project = expectOk(
    await call({
      method: 'POST',
      path: org('/projects'),
      body: {
        name: 'Courtyard and roof garden redesign for the Wolkenstein-Oberhausen headquarters',
        clientName: 'Wolkenstein-Oberhausen Landschaftsarchitektur und Gartenbau GmbH & Co. KG',
        clientEmail: 'maximiliane.wolkenstein-oberhausen@an-extremely-long-company-domain.example.com',
        leadId: leads[0].id,
        priority: 'urgent',
        startDate: day(-20),
        dueDate: day(40),
        budgetMinor: 1_250_000,
        milestones: [
          { title: 'Site survey', deliverables: ['Survey report with measurements'], dueDate: day(-5) },
          { title: 'Planting plan and irrigation concept for the roof terraces', dueDate: day(15) },
        ],
      },
    }),
    201,
    'project',
  );
  expectOk(
    await call({
      method: 'POST',
      path: org('/service-templates'),
      body: {
        name: 'Landschaftsarchitektur-Komplettpaket für Gartenbesitzer mit sehr langen Namen',
        description: 'Design, planting plan and a season of care.',
        deliverables: [{ title: 'Site visit', dueAfterDays: 2 }],
        pricingModel: 'retainer',
        priceMinor: 12_500_000,
        defaultQuantity: 3,
        durationDays: 90,
      },
    }),
    201,
    'service template',
  );
  expectOk(
    await call({
      method: 'POST',
      path: org('/tasks'),
      body: { type: 'report', input: { period: 'week' }, runAfter: soon(3) },
    }),
    201,
    'task',
  );
  const upload = expectOk(
    await call({
      method: 'POST',
      path: org('/finance/imports'),
      body: { fileName: 'umsaetze.csv', contentBase64: Buffer.from(STATEMENT, 'latin1').toString('base64') },
    }),
    201,
    'upload statement',
  );
  expectOk(await call({ method: 'POST', path: org(`/finance/imports/${upload.id}/commit`), body: {} }), 200, 'commit');
  expectOk(
    await call({ method: 'POST', path: org('/api-keys'), body: { name: 'Website form', scopes: ['read'] } }),
    201,
    'key',
  );
  expectOk(
    await call({
      method: 'POST',
      path: org('/invitations'),
      body: { email: 'new.colleague@example.com', role: 'member' },
    }),
    201,
    'invitation',
  );
  expectOk(await call({ method: 'POST', path: org('/approval-rules'), body: { kind: 'post_publish' } }), 201, 'rule');
  return { lead: leads[0], campaign, goal, project };
};

/** A service template and two proposals made from it: a draft (the editor) and a sent one (read-only). */
const seedProposals = async (api, owner, lead) => {
  const call = (request) => api({ token: owner.token, ...request });
  const org = (path) => `/api/orgs/${owner.org.id}${path}`;
  const template = expectOk(
    await call({
      method: 'POST',
      path: org('/service-templates'),
      body: {
        name: 'Garden design with planting plan, irrigation layout and a seasonal maintenance schedule',
        description: 'Site survey, concept, detailed plans.',
        pricingModel: 'hourly',
        priceMinor: 9_500,
        defaultQuantity: 24,
        durationDays: 30,
        deliverables: [{ title: 'Concept', description: '', dueAfterDays: 10 }],
      },
    }),
    201,
    'service template',
  );
  const make = async () =>
    expectOk(
      await call({ method: 'POST', path: org('/proposals'), body: { leadId: lead.id, templateIds: [template.id] } }),
      201,
      'proposal',
    );
  const draft = await make();
  const sent = await make();
  expectOk(await call({ method: 'POST', path: org(`/proposals/${sent.id}/send`), body: {} }), 200, 'send proposal');
  return { draft: draft.id, sent: sent.id };
};

/**
 * What sticks out of a 390 px screen: the page's own width, and every visible element whose box
 * passes the right (or left) edge, unless an ancestor clips or scrolls sideways itself.
 */
const overflowReport = (page) =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const problems = [];
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > width) problems.push(`the page is ${scrollWidth} px wide`);
    const clips = new Map();
    const clipsX = (el) => {
      if (!clips.has(el)) clips.set(el, getComputedStyle(el).overflowX !== 'visible');
      return clips.get(el);
    };
    const inClippingBox = (el) => {
      for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
        if (clipsX(node)) return true;
      }
      return false;
    };
    const describeEl = (el) =>
      `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right <= width + 1 && box.left >= -1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (el.closest('.visually-hidden, .skip-link')) continue;
      if (inClippingBox(el)) continue;
      problems.push(`${describeEl(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
      if (problems.length > 6) break;
    }
    return problems;
  });

const expectFits = async (page, what) => {
  const problems = await overflowReport(page);
  assert.deepEqual(problems, [], `${what} is wider than a ${PHONE.width} px phone:\n  ${problems.join('\n  ')}`);
};

/** The open dialog (native or role=dialog) that is on top, or null. */
const openDialog = (page) => page.locator('dialog[open], [role="dialog"]:visible').last();

/** The dialog box, and each of its buttons once scrolled to (inside the dialog), lie within the viewport. */
const expectDialogFits = async (page, what) => {
  const dialog = openDialog(page);
  await expectVisible(dialog);
  const report = await dialog.evaluate((el) => {
    const problems = [];
    const inside = (box) =>
      box.left >= -1 && box.top >= -1 && box.right <= window.innerWidth + 1 && box.bottom <= window.innerHeight + 1;
    const own = el.getBoundingClientRect();
    if (!inside(own))
      problems.push(
        `the dialog spans ${Math.round(own.left)},${Math.round(own.top)} to ${Math.round(own.right)},${Math.round(own.bottom)}`,
      );
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`its content is ${el.scrollWidth} px wide in ${el.clientWidth} px`);
    const buttons = [...el.querySelectorAll('button, .button, [role="button"]')].filter(
      (b) => b.closest('dialog, [role="dialog"]') === el && b.getClientRects().length > 0,
    );
    for (const button of buttons) {
      button.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const box = button.getBoundingClientRect();
      if (!inside(box))
        problems.push(
          `button "${button.textContent.trim()}" is off screen (${Math.round(box.left)},${Math.round(box.top)}..${Math.round(box.right)},${Math.round(box.bottom)})`,
        );
    }
    return { problems, buttons: buttons.length };
  });
  assert.deepEqual(
    report.problems,
    [],
    `dialog ${what} does not fit a ${PHONE.width} px phone:\n  ${report.problems.join('\n  ')}`,
  );
  assert.ok(report.buttons > 0, `dialog ${what} has no buttons`);
  await expectFits(page, `the page behind dialog ${what}`);
};

// Buttons that open a dialog: the confirmations (a button followed by its <dialog>, or one that
// says aria-haspopup=dialog) and these, by name.
const DIALOG_OPENERS = /^(New post|New lead|Add transaction)$/;

/** Opens, checks and closes (Escape) every dialog the page offers; returns their names. */
const checkDialogs = async (page, where, { within } = {}) => {
  const scope = within ?? page.locator('#main');
  const candidates = await scope.evaluate((root, openers) => {
    const pattern = new RegExp(openers);
    const found = [];
    root.querySelectorAll('button').forEach((button, index) => {
      if (button.disabled || button.getClientRects().length === 0) return;
      const name = (button.getAttribute('aria-label') ?? button.textContent ?? '').trim();
      const inDialog = root.tagName === 'DIALOG';
      // Inside a dialog only the confirmations nested in it: its own buttons (its submit) are no openers.
      const opens =
        button.nextElementSibling?.tagName === 'DIALOG' ||
        button.getAttribute('aria-haspopup') === 'dialog' ||
        (!inDialog && pattern.test(button.textContent.trim()));
      if (opens && (inDialog || !button.closest('dialog'))) found.push({ index, name });
    });
    return found;
  }, DIALOG_OPENERS.source);
  const checked = [];
  const seen = new Set();
  for (const { index, name } of candidates) {
    // One of each kind per page (ten "Revoke" buttons open ten identical dialogs).
    const kind = name.replace(/[:,].*$/, '').split(' ')[0];
    if (seen.has(kind)) continue;
    seen.add(kind);
    const button = scope.locator('button').nth(index);
    const before = await page.locator('dialog[open]').count();
    // A page that refetches (a list re-rendered after the previous dialog closed) can swap the node
    // between finding and clicking it: find it again rather than fail on a detached element.
    await eventually(async () => {
      await button.scrollIntoViewIfNeeded({ timeout: 2_000 });
      await button.click({ timeout: 2_000 });
    });
    await eventually(async () =>
      assert.ok((await page.locator('dialog[open]').count()) > before, `"${name}" opened no dialog`),
    );
    const what = `"${name}" on ${where}`;
    await expectDialogFits(page, what);
    checked.push(what);
    if (!within) checked.push(...(await checkDialogs(page, `${what}`, { within: openDialog(page) })));
    await page.keyboard.press('Escape');
    await eventually(async () =>
      assert.equal(await page.locator('dialog[open]').count(), before, `${what} did not close on Escape`),
    );
  }
  return checked;
};

/** A client-side navigation: the router listens to popstate, as when the visitor goes back or forward. */
const navigateInApp = async (page, url) => {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, url);
};

/** Waits for the page to settle: the route loaded (no progress bar), its h1 shown, no loading spinner left. */
const settle = async (page) => {
  const settled = () =>
    !document.querySelector('.nav-progress, .spinner, [aria-busy="true"]') && !!document.querySelector('h1');
  // Twice, a moment apart: a navigation that has just started may not show its progress bar yet.
  for (let i = 0; i < 2; i++) {
    await page.waitForTimeout(60);
    await page.waitForFunction(settled, null, { timeout: 5_000, polling: 50 }).catch(() => {});
  }
  await expectVisible(page.locator('h1'));
};

describe('phone', () => {
  browserTest(
    'when every page and every dialog of the app is opened on a 390 px phone, then nothing is wider than the screen, dialogs and their buttons fit, and the menus reach every item',
    async ({ newUserPage, baseUrl, api, admin, adminToken }) => {
      const started = Date.now();
      // Arrange: an owner whose organisation has something on every page.
      const owner = await ownerWithOrg(baseUrl, 'phone');
      const seeded = await seedOrg(api, owner);
      const seededMs = Date.now() - started;
      const page = await newUserPage({ viewport: PHONE });
      const orgId = owner.org.id;
      const o = (path) => `/orgs/${orgId}${path}`;
      const visited = new Set();
      const dialogs = [];
      let pages = 0;

      const slow = [];
      // After a full load (the first page, a new session) the SPA is driven like a user would move
      // through it, without reloading: the router follows history changes (much faster than goto).
      let reload = true;
      const check = async (key, url, { dialogsToo = true } = {}) => {
        const t0 = Date.now();
        if (reload) await page.goto(url);
        else await navigateInApp(page, url);
        reload = false;
        await settle(page);
        const t1 = Date.now();
        await expectFits(page, `${key} (${url})`);
        pages += 1;
        visited.add(key);
        if (dialogsToo) dialogs.push(...(await checkDialogs(page, key)));
        if (Date.now() - t0 > 1500) slow.push(`${url} ${t1 - t0}+${Date.now() - t1} ms`);
      };

      // Signed out: the auth pages.
      await check('auth.login', '/login');
      await check('auth.signup', '/signup');
      await check('auth.forgotPassword', '/forgot-password');
      await check('auth.resetPassword', '/reset-password?token=not-a-real-token');
      await check('invitation', '/invitations/not-a-real-token');
      await check('notFound', '/no-such-page');

      // Signed in as the owner: the shell's menu, then every org page.
      await signInByCookie(page, owner);
      reload = true;
      await check('orgs.dashboard', o('/dashboard'));
      const menuButton = page.getByRole('button', { name: /^Menu/ });
      const mainNav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(await mainNav.isVisible(), false, 'the main navigation is not folded away on a phone');
      await menuButton.click();
      assert.equal(await menuButton.getAttribute('aria-expanded'), 'true');
      const navLinks = await mainNav.getByRole('link').all();
      assert.ok(navLinks.length >= 10, `only ${navLinks.length} items in the main menu`);
      for (const link of navLinks) {
        await link.scrollIntoViewIfNeeded();
        const box = await link.boundingBox();
        assert.ok(
          box && box.x >= 0 && box.x + box.width <= PHONE.width,
          `menu item ${await link.textContent()} is off screen`,
        );
      }
      await expectFits(page, 'the open main menu');
      await page.keyboard.press('Escape');
      assert.equal(await menuButton.getAttribute('aria-expanded'), 'false', 'Escape did not close the menu');
      assert.equal(
        await menuButton.evaluate((el) => el === document.activeElement),
        true,
        'focus did not return to Menu',
      );
      await menuButton.click();
      await mainNav.getByRole('link', { name: 'Leads' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Leads', level: 1 }));
      assert.equal(await mainNav.isVisible(), false, 'the menu stayed open after navigating');

      await check('home', '/');
      await check('orgAddress', `/o/${owner.org.slug}`);
      await check('orgs.create', '/orgs/new');
      await check('orgs.root', o(''));
      await check('orgs.chat', o('/chat'));
      await check('orgs.leads.list', o('/leads'));
      await check('orgs.leads.board', o('/leads/board'));
      await check('orgs.leads.import', o('/leads/import'));
      await check('orgs.leads.lead', o(`/leads/${seeded.lead.id}`));
      await check('orgs.content', o('/content'));
      // The week view too, and a post opened from the calendar (its editor and its nested confirmation).
      await page.getByRole('button', { name: 'Week', exact: true }).click();
      await expectFits(page, 'the content calendar, week view');
      await page.getByRole('button', { name: 'Month', exact: true }).click();
      await page.locator('.calendar .post-chip').first().click();
      await expectDialogFits(page, 'an existing post');
      dialogs.push(
        'an existing post on content',
        ...(await checkDialogs(page, 'an existing post', { within: openDialog(page) })),
      );
      await page.keyboard.press('Escape');
      await check('orgs.campaigns', o('/campaigns'));
      await check('orgs.newCampaign', o('/campaigns/new'));
      await check('orgs.campaign', o(`/campaigns/${seeded.campaign.id}`));
      // Proposals: the list, a draft in the editor (items as stacked rows) and a sent one with its timeline.
      const proposals = await seedProposals(api, owner, seeded.lead);
      await check('orgs.proposals', o('/proposals'));
      await check('orgs.proposal', o(`/proposals/${proposals.draft}`));
      await check('orgs.proposal', o(`/proposals/${proposals.sent}`));
      await check('orgs.tasks', o('/tasks'));
      await check('orgs.insights', o('/insights'));
      await check('orgs.whatWorked', o('/insights/what-worked'));
      await check('orgs.goals', o('/goals'));
      await check('orgs.goal', o(`/goals/${seeded.goal.id}`));
      await check('orgs.services', o('/services'));
      await check('orgs.projects', o('/projects'));
      // The board's columns scroll sideways inside their box, never the page.
      await check('orgs.projects', o('/projects?view=board'));
      await check('orgs.project', o(`/projects/${seeded.project.id}`));
      await check('orgs.approvals', o('/approvals'));
      await check('orgs.approvalRules', o('/approvals/rules'));
      // The website chat's inbox (empty here: website-chat-inbox.test.mjs opens a conversation on a phone).
      await check('orgs.conversations', o('/conversations'));
      // Revenue by source (empty here: sources.test.mjs shows one with data on a phone).
      await check('orgs.sources', o('/sources'));
      await check('orgs.money.root', o('/money'));
      for (const key of ['transactions', 'import', 'rules', 'reports', 'accounts', 'settings']) {
        await check(`orgs.money.${key}`, o(`/money/${key}`));
      }
      for (const report of ['cash-flow', 'forecast'])
        await check('orgs.money.reports', o(`/money/reports?report=${report}`));
      const settingsPages = {
        root: '',
        profile: '/profile',
        organisation: '/organisation',
        members: '/members',
        invitations: '/invitations',
        apiKeys: '/api-keys',
        billing: '/billing',
        ai: '/ai',
        integrations: '/integrations',
        playbook: '/playbook',
        activity: '/activity',
        aiAllowance: '/ai-allowance',
        websiteChat: '/website-chat',
        email: '/email',
        telegram: '/telegram',
      };
      for (const [key, path] of Object.entries(settingsPages))
        await check(`orgs.settings.${key}`, o(`/settings${path}`));

      // The section menu (Settings): folded behind its button, every item on screen once open.
      const settingsNav = page.getByRole('navigation', { name: 'Settings' });
      const settingsButton = settingsNav.getByRole('button', { name: /^Settings menu/ });
      await settingsButton.click();
      assert.equal(await settingsButton.getAttribute('aria-expanded'), 'true');
      const settingsLinks = await settingsNav.getByRole('link').all();
      assert.ok(settingsLinks.length >= 10, `only ${settingsLinks.length} items in the settings menu`);
      for (const link of settingsLinks) {
        await link.scrollIntoViewIfNeeded();
        const box = await link.boundingBox();
        assert.ok(
          box && box.x >= 0 && box.x + box.width <= PHONE.width,
          `settings item ${await link.textContent()} is off screen`,
        );
      }
      await expectFits(page, 'the open settings menu');
      await settingsNav.getByRole('link', { name: 'Members' }).click();
      await eventually(async () => assert.equal(await settingsButton.getAttribute('aria-expanded'), 'false'));

      // A toast (saving the profile): at the bottom of the screen, within it, and it can be dismissed.
      await navigateInApp(page, o('/settings/profile'));
      await settle(page);
      const profileForm = page.getByRole('form', { name: 'Profile' });
      await profileForm.getByLabel('Name').fill('Owner on a phone');
      await profileForm.getByRole('button', { name: 'Save' }).click();
      const toast = await expectVisible(page.locator('.toast', { hasText: 'Profile saved' }));
      const toastBox = await toast.boundingBox();
      assert.ok(
        toastBox.x >= 0 && toastBox.x + toastBox.width <= PHONE.width && toastBox.y + toastBox.height <= PHONE.height,
        `the toast is off screen: ${JSON.stringify(toastBox)}`,
      );
      assert.ok(toastBox.y > PHONE.height / 2, `the toast covers the top of the page (y ${toastBox.y})`);
      await toast.getByRole('button', { name: 'Dismiss' }).click();
      await eventually(async () => assert.equal(await page.locator('.toast').count(), 0, 'the toast stayed'));

      // The platform admin: every admin page (one context: the session cookie is swapped).
      expectOk(
        await api({
          method: 'POST',
          path: '/api/admin/invite-codes',
          token: await adminToken(),
          body: { note: 'For the phone test' },
        }),
        201,
        'invite code',
      );
      await signInByCookie(page, { email: admin.email, password: admin.password ?? PASSWORD });
      reload = true;
      await check('admin.root', '/admin');
      for (const [key, path] of Object.entries({
        metrics: 'metrics',
        orgs: 'orgs',
        users: 'users',
        inviteCodes: 'invite-codes',
        settings: 'settings',
        outbox: 'outbox',
        disputes: 'disputes',
        aiUsage: 'ai-usage',
        aiBudget: 'ai-budget',
        health: 'health',
      })) {
        await check(`admin.${key}`, `/admin/${path}`);
      }

      // Assert: every path of the app was opened (or is skipped here with its reason).
      const skipped = {};
      const missing = pathKeys().filter((key) => !visited.has(key) && !(key in skipped));
      assert.deepEqual(missing, [], `pages in src/config/paths.ts that this test does not open: ${missing.join(', ')}`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `[phone] ${pages} pages (${visited.size} distinct routes) and ${dialogs.length} dialogs checked at ${PHONE.width}x${PHONE.height} in ${seconds} s (set-up ${seededMs} ms)\n`,
      );
      process.stderr.write(`[phone] dialogs: ${dialogs.join(' | ')}\n`);
      if (slow.length > 0) process.stderr.write(`[phone] slow: ${slow.join(' | ')}\n`);
    },
  );
});
