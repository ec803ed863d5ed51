// A proposal from a lead to a running project, in the browser: from the lead's page to a sent
// proposal (counting the clicks), live totals while typing, the owner's preview of the draft, the client's page served by the API,
// acceptance by name and terms, and the owner seeing it accepted with its project.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { linkIn } from './support/api.mjs';
import { expectOk } from './support/autonomy.mjs';
import { eventually, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

describe('proposals', () => {
  browserTest(
    'when an owner makes a proposal from a lead and a template, changes a quantity and sends it, and the client accepts it online, then the total follows the typing and the proposal shows accepted with its project',
    async ({ newUserPage, baseUrl, api, readMail }) => {
      // Arrange: a lead with an email address and an hourly service template (90.00 an hour, 10 hours).
      const owner = await ownerWithOrg(baseUrl, 'proposals');
      const org = (path) => `/api/orgs/${owner.org.id}${path}`;
      const call = (request) => api({ token: owner.token, ...request });
      const clientEmail = `vera-${Date.now()}@example.com`;
      const lead = expectOk(
        await call({
          method: 'POST',
          path: org('/leads'),
          body: { name: 'Vera Client', email: clientEmail, company: 'Client Bakery', stage: 'contacted' },
        }),
        201,
        'lead',
      );
      expectOk(
        await call({
          method: 'POST',
          path: org('/service-templates'),
          body: {
            name: 'Website redesign',
            description: 'A new website in four weeks.',
            pricingModel: 'hourly',
            priceMinor: 9_000,
            defaultQuantity: 10,
            durationDays: 28,
            deliverables: [
              { title: 'Wireframes', description: '', dueAfterDays: 7 },
              { title: 'Launch', description: '', dueAfterDays: 28 },
            ],
          },
        }),
        201,
        'service template',
      );
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/leads/${lead.id}`);
      await expectVisible(page.getByRole('heading', { name: 'Vera Client', level: 1 }));
      const started = Date.now();
      let clicks = 0;
      const click = async (locator) => {
        clicks += 1;
        await locator.click();
      };

      // Act: New proposal on the lead's page opens the dialog with the lead chosen; tick the template, Create.
      await click(page.getByRole('link', { name: 'New proposal' }).first());
      const dialog = page.getByRole('dialog', { name: 'New proposal' });
      await expectVisible(dialog.getByTestId('chosen-lead').getByText('Vera Client'));
      assert.equal(
        await dialog.getByRole('checkbox', { name: 'Let the AI write the cover letter' }).isChecked(),
        true,
        'the AI cover letter is not on by default',
      );
      await click(dialog.getByRole('checkbox', { name: /Website redesign/ }));
      await click(dialog.getByRole('button', { name: 'Create' }));

      // Assert: the editor, with the template's line at 10 hours and the total of 900.00.
      const items = page.getByRole('table', { name: 'Items' });
      await expectVisible(items);
      const quantity = items.getByRole('textbox', { name: 'Item 1 quantity' });
      await eventually(async () => assert.equal(await quantity.inputValue(), '10'));
      const total = page.getByTestId('total');
      await eventually(async () => assert.match(await total.textContent(), /900\.00/));
      const save = page.getByRole('button', { name: 'Saved' });
      assert.equal(await save.isDisabled(), true, 'Save is enabled with nothing changed');
      const letter = page.getByRole('textbox', { name: 'Cover letter' });
      assert.ok((await letter.inputValue()).trim().length > 20, 'no cover letter was written');

      // Act: 12 hours instead of 10. Assert: the amount and total follow as it is typed, before any save.
      await quantity.fill('12');
      await eventually(async () => assert.match(await total.textContent(), /1,080\.00/));
      await eventually(async () =>
        assert.match(await items.getByTestId('item-amount').first().textContent(), /1,080\.00/),
      );
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expectVisible(page.locator('.toast', { hasText: 'Proposal saved' }));
      await expectVisible(page.getByRole('button', { name: 'Saved' }));

      // Act: Preview the draft. Assert: a new tab shows the client's page under the preview banner, the
      // forms disabled, and the proposal is still a draft that nobody viewed.
      const [preview] = await Promise.all([
        page.waitForEvent('popup'),
        page.getByRole('button', { name: 'Preview', exact: true }).click(),
      ]);
      await preview.waitForURL(/^blob:/);
      await expectVisible(
        preview.getByText(
          'Preview: this is what your client sees. Accepting and declining work only from the link you send.',
        ),
      );
      await expectVisible(preview.getByText(/1,080\.00/).first());
      assert.equal(
        await preview.getByRole('button', { name: 'Accept proposal' }).isDisabled(),
        true,
        'the preview can accept',
      );
      await preview.close();
      const proposalId = new URL(page.url()).pathname.split('/').pop();
      const previewed = expectOk(await call({ method: 'GET', path: org(`/proposals/${proposalId}`) }), 200, 'proposal');
      assert.equal(previewed.status, 'draft');
      assert.equal(previewed.viewedAt, null, 'the preview counted as the client viewing it');

      // Act: Send, then Send in the dialog that names the recipient.
      await click(page.getByRole('button', { name: 'Send', exact: true }));
      const sendDialog = page.getByRole('dialog', { name: 'Send this proposal?' });
      await expectVisible(sendDialog.getByTestId('send-to').getByText(clientEmail));
      await click(sendDialog.getByRole('button', { name: 'Send', exact: true }));
      await expectVisible(page.getByTestId('proposal-status').getByText('Sent'));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `[proposals] lead page to a sent proposal: ${clicks} clicks, ${seconds} s (save included)\n`,
      );
      await expectVisible(page.getByTestId('proposal-timeline').getByText(`Sent to ${clientEmail}`));

      // Assert: the client got the mail with the link to the proposal page.
      const mail = await readMail(clientEmail);
      const link = linkIn(mail, `${baseUrl}/api/public/proposals/`);

      // Act: the client opens the page (served by the API, no login) and accepts with a name and the terms box.
      const client = await newUserPage({ viewport: { width: 390, height: 844 } });
      const opened = Date.now();
      const response = await client.goto(link);
      assert.equal(response.status(), 200);
      process.stderr.write(
        `[proposals] client page: ${(await response.body()).length} bytes, loaded in ${Date.now() - opened} ms\n`,
      );
      await expectVisible(client.getByRole('heading', { level: 1 }));
      await expectVisible(client.getByText(/1,080\.00/).first());
      await client.getByLabel('Your full name').fill('Vera Client');
      await client.getByRole('checkbox', { name: /I accept the terms/ }).check();
      await client.getByRole('button', { name: 'Accept proposal' }).click();
      await expectVisible(client.getByRole('heading', { name: /accepted/i }));

      // Assert: back in the app the proposal is accepted, by whom, with the link to its project.
      await page.reload();
      await expectVisible(page.getByTestId('proposal-status').getByText('Accepted'));
      await expectVisible(page.getByTestId('proposal-timeline').getByText('Accepted by Vera Client'));
      const projectLink = page.getByTestId('proposal-accepted').getByRole('link', { name: 'Open the project' });
      await expectVisible(projectLink);
      assert.match(await projectLink.getAttribute('href'), new RegExp(`/orgs/${owner.org.id}/projects/[0-9a-f-]{36}$`));
      assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0, 'an accepted proposal offers Delete');

      // Assert: the lead's page lists the proposal as accepted.
      await page.goto(`/orgs/${owner.org.id}/leads/${lead.id}`);
      const list = page.getByRole('list', { name: 'Proposals for this lead' });
      await eventually(async () => assert.equal(await list.getByTestId('proposal-status').textContent(), 'Accepted'));
    },
  );
});
