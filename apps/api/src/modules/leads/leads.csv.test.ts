import { csvCell, csvLine, csvRecords, parseCsv, suggestMapping, unguardCell } from './leads.csv';

const records = (text: string) => [...csvRecords(text)];

describe('csvRecords', () => {
  it('when fields are quoted with commas, doubled quotes and line breaks, then each is one field', () => {
    const text = 'Name,Notes\r\n"Smith, Jane","She said ""hi""\r\nthen left"\r\n';
    expect(records(text)).toEqual([
      ['Name', 'Notes'],
      ['Smith, Jane', 'She said "hi"\r\nthen left'],
    ]);
  });

  it('when the file has a BOM, LF line ends and a trailing empty line, then the BOM and the empty record are dropped', () => {
    expect(records('\uFEFFa,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('when the last record has no line end or ends with an empty field, then it is kept whole', () => {
    expect(records('a,b\r\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('when a quote is never closed or text follows a closing quote, then it throws with the record number', () => {
    expect(() => records('a\r\n"open')).toThrow(/Record 2: a quoted field is never closed/);
    expect(() => records('a\r\n"x"y')).toThrow(/Record 2: text after a closing quote/);
  });
});

describe('parseCsv', () => {
  it('when blank lines sit between rows, then they are skipped', async () => {
    await expect(parseCsv('Name\r\n\r\nAda\r\n\r\nGrace\r\n', { maxRows: 10 })).resolves.toEqual({
      headers: ['Name'],
      rows: [['Ada'], ['Grace']],
    });
  });

  it('when there are more rows than allowed, then it throws', async () => {
    await expect(parseCsv('Name\n1\n2\n3\n', { maxRows: 2 })).rejects.toThrow(/more than 2 rows/);
  });

  it('when the file is empty, then it throws for the missing header', async () => {
    await expect(parseCsv('', { maxRows: 2 })).rejects.toThrow(/no header/);
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
    expect(records(csvLine(['=1+1', 'x, y', 'a "b"']))[0]?.map(unguardCell)).toEqual(['=1+1', 'x, y', 'a "b"']);
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
