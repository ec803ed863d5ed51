import { csvCell, csvLine, parseCsv, suggestMapping, unguardCell } from './leads.csv';

const table = (text: string) => parseCsv(text, { maxRows: 100 });

describe('parseCsv', () => {
  it('when fields are quoted with commas, doubled quotes and line breaks, then each is one field', async () => {
    const text = 'Name,Notes\r\n"Smith, Jane","She said ""hi""\r\nthen left"\r\n';
    await expect(table(text)).resolves.toEqual({
      headers: ['Name', 'Notes'],
      rows: [['Smith, Jane', 'She said "hi"\r\nthen left']],
    });
  });

  it('when the file has a BOM, LF line ends and a trailing empty line, then the BOM and the empty record are dropped', async () => {
    await expect(table('\uFEFFName,b\n1,2\n')).resolves.toEqual({ headers: ['Name', 'b'], rows: [['1', '2']] });
  });

  it('when the last record has no line end or ends with an empty field, then it is kept whole', async () => {
    await expect(table('Name,b\r\n1,')).resolves.toEqual({ headers: ['Name', 'b'], rows: [['1', '']] });
  });

  it('when the file is separated by semicolons with decimal commas, then the semicolon is the delimiter', async () => {
    const text =
      'Name;Email;Value\r\nJörg Müller;joerg@example.test;1.250,50\r\nAnaïs Dubois;anais@example.test;99,00\r\n';
    await expect(table(text)).resolves.toEqual({
      headers: ['Name', 'Email', 'Value'],
      rows: [
        ['Jörg Müller', 'joerg@example.test', '1.250,50'],
        ['Anaïs Dubois', 'anais@example.test', '99,00'],
      ],
    });
  });

  it('when export lines sit above the header, then they are skipped and the header is the row naming lead fields', async () => {
    const text =
      'Exported from CRM on 2026-11-30\r\nFilter: all contacts\r\n\r\nFirst Name,Last Name,Email\r\nAda,Lovelace,ada@example.test\r\n';
    await expect(table(text)).resolves.toEqual({
      headers: ['First Name', 'Last Name', 'Email'],
      rows: [['Ada', 'Lovelace', 'ada@example.test']],
    });
  });

  it('when a quote is never closed, then it throws with the record number', async () => {
    await expect(table('Name\r\n"open')).rejects.toThrow(/Record 2.*a quoted field is never closed/);
  });

  it('when blank lines sit between rows, then they are skipped', async () => {
    await expect(table('Name\r\n\r\nAda\r\n\r\nGrace\r\n')).resolves.toEqual({
      headers: ['Name'],
      rows: [['Ada'], ['Grace']],
    });
  });

  it('when there are more rows than allowed, then it throws', async () => {
    await expect(parseCsv('Name\n1\n2\n3\n', { maxRows: 2 })).rejects.toThrow(/more than 2 rows/);
  });

  it('when the file is empty, binary or a workbook, then it throws saying so', async () => {
    await expect(table('')).rejects.toThrow(/empty/);
    await expect(table('\u0000\u0001\u0002\u0003binary\u0004\u0005')).rejects.toThrow(/not text/);
    await expect(table('PK\u0003\u0004\u0014\u0000\u0006\u0000')).rejects.toThrow(/Excel workbook/);
  });
});

describe('csvCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
  ])('when the value is %j, then the cell is %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('when a guarded cell is read back, then the guard comes off and other values stay', () => {
    expect(unguardCell("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguardCell("'quoted")).toBe("'quoted");
  });

  it('when a guarded line is parsed back, then every cell comes back unchanged', async () => {
    const text = csvLine(['Name', 'Notes', 'Quote']) + csvLine(['=1+1', 'x, y', 'a "b"']);
    const { rows } = await table(text);
    expect(rows[0]?.map(unguardCell)).toEqual(['=1+1', 'x, y', 'a "b"']);
  });
});

describe('suggestMapping', () => {
  it('when headers are a HubSpot export, then names, email, company, title, phone and status map', () => {
    const headers = [
      'Record ID',
      'First Name',
      'Last Name',
      'Email',
      'Company Name',
      'Job Title',
      'Phone Number',
      'Lead Status',
      'Original Source',
    ];
    expect(suggestMapping(headers)).toEqual({
      'Record ID': null,
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'email',
      'Company Name': 'company',
      'Job Title': 'title',
      'Phone Number': 'phone',
      'Lead Status': 'stage',
      'Original Source': 'source',
    });
  });

  it('when headers are a Pipedrive export, then person, organization and deal value map', () => {
    const headers = [
      'Person - Name',
      'Person - Email',
      'Person - Phone',
      'Organization - Name',
      'Deal - Value',
      'Deal - Title',
      'Person - Labels',
    ];
    expect(suggestMapping(headers)).toEqual({
      'Person - Name': 'name',
      'Person - Email': 'email',
      'Person - Phone': 'phone',
      'Organization - Name': 'company',
      'Deal - Value': 'value',
      'Deal - Title': null,
      'Person - Labels': 'tags',
    });
  });

  it('when headers are a LinkedIn Sales Navigator export, then the profile URL is left out', () => {
    expect(suggestMapping(['First Name', 'Last Name', 'Company', 'Title', 'Profile URL', 'Location'])).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Company: 'company',
      Title: 'title',
      'Profile URL': null,
      Location: null,
    });
  });

  it('when two headers fit the same field, then only the first gets it', () => {
    expect(suggestMapping(['Email', 'Work Email'])).toEqual({ Email: 'email', 'Work Email': null });
  });
});
