import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

const createLead = async (api, owner, body) => {
  const res = await api({ method: 'POST', path: `/api/orgs/${owner.org.id}/leads`, token: owner.token, body });
  assert.equal(res.status, 201, `create lead ${body.name}: ${JSON.stringify(res.body)}`);
  return res.body;
};

/** Names in the leads table, in the order shown. */
const tableNames = (page) => page.locator('table.leads-table tbody th a').allTextContents();

describe('leads', () => {
  browserTest(
    'when a CSV with an invalid email on row 3 goes through the import wizard, then the report names row 3 and why, and importing brings in the other rows',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'leads-import');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      const csv = [
        'Full name,Email,Company,Deal value',
        'Ada Lovelace,ada@example.com,Analytical Engines,1200',
        'Grace Hopper,grace@example.com,US Navy,3400',
        'Bad Row,not-an-email,Nowhere Inc,10',
        'Alan Turing,alan@example.com,Bletchley Park,560',
      ].join('\n');
      await page.goto(`/orgs/${owner.org.id}/leads`);
      await expectVisible(page.getByRole('heading', { name: 'No leads yet' }));

      // Act: step 1, the file.
      await page.getByRole('link', { name: 'Import CSV' }).click();
      await expectPath(page, /\/leads\/import$/);
      await page
        .getByLabel('CSV file', { exact: true })
        .setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Upload' }).click();

      // Assert: step 2, one select per header with the suggestion preselected and sample values shown.
      await expectVisible(page.getByRole('heading', { name: 'Map the columns of leads.csv' }));
      await expectVisible(page.getByRole('cell', { name: /ada@example\.com/ }));
      assert.equal(await page.getByLabel('Field for column Email').inputValue(), 'email');

      // Act: make sure every column goes where it should, then check the rows.
      await page.getByLabel('Field for column Full name').selectOption('name');
      await page.getByLabel('Field for column Company').selectOption('company');
      await page.getByLabel('Field for column Deal value').selectOption('value');
      await page.getByRole('button', { name: 'Check rows' }).click();

      // Assert: step 3, the report names row 3 and the reason.
      await expectVisible(page.getByRole('heading', { name: 'Check the rows' }));
      await expectVisible(page.getByTestId('import-valid').getByText('3 rows'));
      const rejected = page.getByRole('list', { name: 'Rejected rows' }).getByRole('listitem');
      assert.equal(await rejected.count(), 1);
      assert.match(await rejected.first().textContent(), /^Row 3: .*email/i);

      // Act: step 4, import.
      await page.getByRole('button', { name: 'Import 3 leads' }).click();

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Imported 3 leads' }));
      await page.getByRole('link', { name: 'View leads' }).click();
      await expectPath(page, /\/leads$/);
      await expectVisible(page.getByRole('link', { name: 'Grace Hopper' }));
      assert.deepEqual((await tableNames(page)).sort(), ['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
      await expectVisible(page.getByRole('row', { name: /Grace Hopper/ }).getByText('$3,400'));
    },
  );

  browserTest(
    'when a lead is dragged on the board from New to Qualified, then it stays in Qualified after a reload and its page shows stage qualified',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'leads-board');
      const lead = await createLead(api, owner, {
        name: 'Dragged Dana',
        company: 'Moving Co',
        stage: 'new',
        valueCents: 250_000,
      });
      await createLead(api, owner, { name: 'Staying Sam', stage: 'new' });
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/leads/board`);
      const column = (stage) => page.locator(`[data-stage="${stage}"]`);
      const card = page.getByTestId('lead-card').filter({ hasText: 'Dragged Dana' });
      await expectVisible(column('new').getByTestId('lead-card').filter({ hasText: 'Dragged Dana' }));
      await expectVisible(column('new').getByTestId('stage-count').getByText('2'));

      // Act
      await card.dragTo(column('qualified'));

      // Assert: moved at once, and the API agrees.
      await expectVisible(column('qualified').getByTestId('lead-card').filter({ hasText: 'Dragged Dana' }));
      await expectVisible(page.getByRole('status').filter({ hasText: 'Dragged Dana moved to Qualified' }));
      await eventually(async () => {
        const res = await api({ path: `/api/orgs/${owner.org.id}/leads/${lead.id}`, token: owner.token });
        assert.equal(res.body.stage, 'qualified');
      });

      // Act
      await page.reload();

      // Assert: still in Qualified, with the column totals from the pipeline.
      await expectVisible(column('qualified').getByTestId('lead-card').filter({ hasText: 'Dragged Dana' }));
      assert.equal(await column('new').getByTestId('lead-card').filter({ hasText: 'Dragged Dana' }).count(), 0);
      await expectVisible(column('qualified').getByTestId('stage-count').getByText('1'));
      await expectVisible(column('qualified').getByText('$2,500'));

      // Act
      await column('qualified').getByRole('link', { name: 'Dragged Dana' }).click();

      // Assert
      await expectPath(page, new RegExp(`/leads/${lead.id}$`));
      await expectVisible(page.getByTestId('lead-stage').getByText('Stage: Qualified'));
      assert.equal(
        await page.getByRole('form', { name: 'Lead details' }).getByLabel('Stage').inputValue(),
        'qualified',
      );
    },
  );

  browserTest(
    'when the user sorts, searches and filters the table, then it orders and narrows to the matching leads and the view survives a reload',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'leads-filter');
      await createLead(api, owner, { name: 'Priya Patel', company: 'Acme Robotics', stage: 'new', priority: 'high' });
      await createLead(api, owner, { name: 'Quentin Blake', company: 'Inkwell', stage: 'qualified', priority: 'low' });
      await createLead(api, owner, {
        name: 'Rosa Acme',
        company: 'Parks Dept',
        stage: 'qualified',
        priority: 'medium',
      });
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/leads`);
      await expectVisible(page.getByRole('link', { name: 'Quentin Blake' }));
      assert.equal((await tableNames(page)).length, 3);

      // Act: sort by name.
      await page.getByRole('button', { name: 'Name' }).click();

      // Assert
      await eventually(async () =>
        assert.deepEqual(await tableNames(page), ['Priya Patel', 'Quentin Blake', 'Rosa Acme']),
      );
      assert.equal(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort'), 'ascending');

      // Act: again for the other way round.
      await page.getByRole('button', { name: 'Name' }).click();

      // Assert
      await eventually(async () =>
        assert.deepEqual(await tableNames(page), ['Rosa Acme', 'Quentin Blake', 'Priya Patel']),
      );
      await eventually(() => assert.equal(new URL(page.url()).searchParams.get('order'), null));

      // Act: a search matches names and companies.
      await page.getByLabel('Search').fill('acme');

      // Assert
      await eventually(async () => assert.deepEqual((await tableNames(page)).sort(), ['Priya Patel', 'Rosa Acme']));
      await eventually(() => assert.equal(new URL(page.url()).searchParams.get('q'), 'acme'));

      // Act: and a stage on top of it.
      await page.getByRole('group', { name: 'Stage' }).getByLabel('Qualified').check();

      // Assert
      await eventually(async () => assert.deepEqual(await tableNames(page), ['Rosa Acme']));
      await eventually(() => assert.equal(new URL(page.url()).searchParams.get('stage'), 'qualified'));
      assert.equal(new URL(page.url()).searchParams.get('sort'), 'name');

      // Act: the URL is the view.
      await page.reload();

      // Assert
      await expectVisible(page.getByRole('link', { name: 'Rosa Acme' }));
      assert.deepEqual(await tableNames(page), ['Rosa Acme']);
      assert.equal(await page.getByLabel('Search').inputValue(), 'acme');

      // Act: nothing matches.
      await page.getByLabel('Search').fill('zebra');

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'No leads match these filters' }));
    },
  );

  browserTest(
    'when a new lead is created with a bad email or a too-long name, then the fields say so in words; with good ones (phone, source, notes, me as owner) the lead page opens',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'leads-create');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/leads`);
      await page.getByRole('button', { name: 'New lead' }).click();
      const form = page.getByRole('form', { name: 'New lead' });

      // Act
      await form.getByLabel('Name').fill('Nina New');
      await form.getByLabel('Email').fill('not an email');
      await form.getByRole('button', { name: 'Create lead' }).click();

      // Assert
      await expectFieldError(form.getByLabel('Email'), /valid email/i);

      // Act: a name past the limit gets a sentence, not zod's wording.
      await form.getByLabel('Name').fill('N'.repeat(201));
      await form.getByRole('button', { name: 'Create lead' }).click();

      // Assert
      await expectFieldError(form.getByLabel('Name'), /Name is too long: use at most 200 characters/);

      // Assert: the new lead is mine unless I choose otherwise.
      const me = await api({ path: '/api/me', token: owner.token });
      assert.equal(await form.getByLabel('Owner').inputValue(), me.body.id);

      // Act
      await form.getByLabel('Name').fill('Nina New');
      await form.getByLabel('Email').fill('nina@example.com');
      await form.getByLabel('Value (USD)').fill('1500');
      await form.getByLabel('Phone').fill('+44 20 7946 0000');
      await form.getByLabel('Source').fill('Trade fair');
      await form.getByLabel('Notes').fill('Met at the stand; wants a demo.');
      await form.getByRole('button', { name: 'Create lead' }).click();

      // Assert
      await expectPath(page, /\/leads\/[0-9a-f-]{36}$/);
      await expectVisible(page.getByRole('heading', { name: 'Nina New', level: 1 }));
      const leadId = new URL(page.url()).pathname.split('/').pop();
      const lead = await api({ path: `/api/orgs/${owner.org.id}/leads/${leadId}`, token: owner.token });
      assert.equal(lead.body.phone, '+44 20 7946 0000');
      assert.equal(lead.body.source, 'Trade fair');
      assert.equal(lead.body.notes, 'Met at the stand; wants a demo.');
      assert.equal(lead.body.owner?.id, me.body.id);
    },
  );

  browserTest(
    'when a card is moved with its "Move to" list and the API fails, then it goes back to its column; when the API succeeds, it stays moved',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'leads-move-keys');
      const lead = await createLead(api, owner, { name: 'Keyboard Kim', stage: 'new' });
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/leads/board`);
      const column = (stage) => page.locator(`[data-stage="${stage}"]`);
      await expectVisible(column('new').getByText('Keyboard Kim'));
      const failPatch = (route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 500,
              contentType: 'application/json',
              body: JSON.stringify({ error: { code: 'INTERNAL', message: 'Something went wrong', requestId: 'e2e' } }),
            })
          : route.continue();
      await page.route(`**/api/orgs/${owner.org.id}/leads/${lead.id}`, failPatch);

      // Act
      await page.getByLabel('Move Keyboard Kim to').selectOption('contacted');

      // Assert: rolled back, and the user is told.
      await expectVisible(page.getByRole('status').filter({ hasText: 'Keyboard Kim stays in New' }));
      await expectVisible(column('new').getByText('Keyboard Kim'));
      assert.equal(await column('contacted').getByText('Keyboard Kim').count(), 0);

      // Act
      await page.unroute(`**/api/orgs/${owner.org.id}/leads/${lead.id}`, failPatch);
      await page.getByLabel('Move Keyboard Kim to').selectOption('contacted');

      // Assert
      await expectVisible(column('contacted').getByText('Keyboard Kim'));
      await eventually(async () => {
        const res = await api({ path: `/api/orgs/${owner.org.id}/leads/${lead.id}`, token: owner.token });
        assert.equal(res.body.stage, 'contacted');
      });
    },
  );

  browserTest(
    'when the user works a lead on its page, then activities raise the score, meetings are scheduled, edited and cancelled, the owner is set, and the lead is deleted',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'leads-detail');
      const lead = await createLead(api, owner, { name: 'Detail Dora', stage: 'contacted', priority: 'low' });
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/leads/${lead.id}`);
      const score = page.getByRole('region', { name: /^Score/ });
      await expectVisible(score.getByTestId('lead-score').getByText('50'));

      // Act: log an activity.
      const logForm = page.getByRole('form', { name: 'Log activity' });
      await logForm.getByLabel('Kind').selectOption('call');
      await logForm.getByLabel('Summary').fill('Discovery call: budget approved');
      await logForm.getByRole('button', { name: 'Log activity' }).click();

      // Assert: on the timeline, and the score explains the +15.
      await expectVisible(
        page.getByRole('list', { name: 'Activity timeline' }).getByText('Discovery call: budget approved'),
      );
      await expectVisible(score.getByTestId('lead-score').getByText('65'));

      // Act: a meeting that ends before it starts.
      await page.getByText('Schedule a meeting', { exact: true }).click();
      const meetingForm = page.getByRole('form', { name: 'Schedule a meeting' });
      await meetingForm.getByLabel('Title').fill('Product demo');
      await meetingForm.getByLabel('Starts').fill('2026-12-01T10:00');
      await meetingForm.getByLabel('Ends').fill('2026-12-01T09:00');
      await meetingForm.getByRole('button', { name: 'Add meeting' }).click();

      // Assert
      await expectFieldError(meetingForm.getByLabel('Ends'), /after the start/i);

      // Act
      await meetingForm.getByLabel('Ends').fill('2026-12-01T11:00');
      await meetingForm.getByRole('button', { name: 'Add meeting' }).click();

      // Assert
      const meetings = page.getByRole('region', { name: 'Meetings' });
      await expectVisible(meetings.getByText('Product demo'));

      // Act: edit it.
      await meetings.getByRole('button', { name: 'Edit meeting Product demo' }).click();
      const editForm = page.getByRole('form', { name: 'Edit meeting Product demo' });
      await editForm.getByLabel('Title').fill('Product demo (extended)');
      await editForm.getByRole('button', { name: 'Save meeting' }).click();

      // Assert
      await expectVisible(meetings.getByText('Product demo (extended)'));

      // Act: cancel it.
      await meetings.getByRole('button', { name: 'Delete meeting Product demo (extended)' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete meeting' }).click();

      // Assert
      await expectVisible(meetings.getByText('No meetings scheduled.'));

      // Act: give the lead an owner.
      const details = page.getByRole('form', { name: 'Lead details' });
      await details.getByLabel('Owner').selectOption({ label: owner.name });
      await details.getByRole('button', { name: 'Save changes' }).click();

      // Assert
      await expectVisible(page.getByRole('status').filter({ hasText: 'Detail Dora saved' }));
      await eventually(async () => {
        const res = await api({ path: `/api/orgs/${owner.org.id}/leads/${lead.id}`, token: owner.token });
        assert.equal(res.body.owner?.name, owner.name);
        assert.equal(res.body.stage, 'contacted');
      });

      // Act: delete the lead.
      await page.getByRole('button', { name: 'Delete lead' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete lead' }).click();

      // Assert
      await expectPath(page, new RegExp(`/orgs/${owner.org.id}/leads$`));
      await expectVisible(page.getByRole('heading', { name: 'No leads yet' }));
      const gone = await api({ path: `/api/orgs/${owner.org.id}/leads/${lead.id}`, token: owner.token });
      assert.equal(gone.status, 404);
    },
  );

  browserTest(
    'when the user exports a filtered table, then the CSV download holds just those leads',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'leads-export');
      await createLead(api, owner, { name: 'Export Eve', email: 'eve@example.com', stage: 'won' });
      await createLead(api, owner, { name: 'Hidden Hal', email: 'hal@example.com', stage: 'new' });
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/leads?stage=won`);
      await expectVisible(page.getByRole('link', { name: 'Export Eve' }));

      // Act
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);

      // Assert
      assert.match(download.suggestedFilename(), /^leads-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      assert.match(csv, /Export Eve/);
      assert.match(csv, /eve@example\.com/);
      assert.doesNotMatch(csv, /Hidden Hal/);
    },
  );
});
