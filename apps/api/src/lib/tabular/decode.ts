import iconv from 'iconv-lite';

/**
 * How the bytes were read. The rule (tested in tabular.test.ts), chosen over a statistical
 * detector such as chardet: a byte-order mark decides; else text that is valid UTF-8 is UTF-8
 * (a Windows-1252 file with any accented letter is almost never valid UTF-8); else Windows-1252,
 * which is ISO-8859-1 plus printable characters (€, „, “) where ISO-8859-1 has unused control
 * codes. Bank and CRM exports in the languages we read are one of these, and a statistical guess
 * on a short Latin-1 file can pick an unrelated code page (ISO-8859-2, KOI8-R) and garble names.
 */
export const textEncodings = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncoding = (typeof textEncodings)[number];

export type TabularErrorReason = 'empty' | 'binary' | 'spreadsheet' | 'too_many_rows' | 'malformed' | 'no_header';

/** A file that cannot be read as a table; the message says what is wrong in words an owner understands. */
export class TabularError extends Error {
  override name = 'TabularError';
  constructor(
    readonly reason: TabularErrorReason,
    message: string,
  ) {
    super(message);
  }
}

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((byte, i) => bytes[i] === byte);

// Files people export by mistake instead of CSV, by their first bytes.
const knownBinaries: { magic: readonly number[]; reason: TabularErrorReason; message: string }[] = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    reason: 'spreadsheet',
    message: 'This is an Excel workbook (.xlsx) or another zip file, not CSV: export or save it as CSV and upload that',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    reason: 'spreadsheet',
    message: 'This is an old Excel workbook (.xls), not CSV: export or save it as CSV and upload that',
  },
  { magic: [0x25, 0x50, 0x44, 0x46], reason: 'binary', message: 'This is a PDF, not CSV: download the CSV export' },
];

const SNIFF_BYTES = 64 * 1024;

/** Bytes that never occur in text: control characters other than tab, line breaks and form feed. */
const isBinaryByte = (byte: number) =>
  byte === 0x7f || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c);

/** UTF-16 without a BOM: nearly every other byte of the start is zero (ASCII text in two-byte units). */
const utf16WithoutBom = (bytes: Uint8Array): TextEncoding | null => {
  const n = Math.min(bytes.length - (bytes.length % 2), 1024);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero += 1;
    if (bytes[i + 1] === 0) oddZero += 1;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.9 && evenZero === 0) return 'utf-16le';
  if (evenZero > pairs * 0.9 && oddZero === 0) return 'utf-16be';
  return null;
};

const assertText = (bytes: Uint8Array) => {
  for (const known of knownBinaries) {
    if (startsWith(bytes, known.magic)) throw new TabularError(known.reason, known.message);
  }
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  let odd = 0;
  for (const byte of sniff) if (isBinaryByte(byte)) odd += 1;
  // A stray control byte can sit in a real export; a binary file has them everywhere.
  if (odd > Math.max(2, sniff.length / 1000))
    throw new TabularError('binary', 'This file is not text (it looks like a binary file): upload a CSV export');
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes of an uploaded table to text: the encoding by the rule above, a BOM dropped, and files
 * that are not text (empty, binary, a workbook renamed .csv) refused with a TabularError.
 */
export const decodeText = (bytes: Uint8Array): { text: string; encoding: TextEncoding } => {
  if (bytes.length === 0) throw new TabularError('empty', 'The file is empty');
  const decoded = decodeBytes(bytes);
  if (decoded.text.trim() === '') throw new TabularError('empty', 'The file is empty (it holds only blank lines)');
  return decoded;
};

const decodeBytes = (bytes: Uint8Array): { text: string; encoding: TextEncoding } => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const rest = bytes.subarray(3);
    assertText(rest);
    try {
      return { text: utf8.decode(rest), encoding: 'utf-8-bom' };
    } catch {
      throw new TabularError('binary', 'The file says it is UTF-8 but is not: export it again as CSV (UTF-8)');
    }
  }
  const utf16 = startsWith(bytes, [0xff, 0xfe])
    ? { encoding: 'utf-16le' as const, skip: 2 }
    : startsWith(bytes, [0xfe, 0xff])
      ? { encoding: 'utf-16be' as const, skip: 2 }
      : (() => {
          const guessed = utf16WithoutBom(bytes);
          return guessed ? { encoding: guessed, skip: 0 } : null;
        })();
  if (utf16) {
    const text = iconv.decode(buffer.subarray(utf16.skip), utf16.encoding, { stripBOM: false });
    if ([...text.slice(0, SNIFF_BYTES)].filter((c) => isBinaryByte(c.charCodeAt(0))).length > 2)
      throw new TabularError('binary', 'This file is not text (it looks like a binary file): upload a CSV export');
    return { text, encoding: utf16.encoding };
  }
  assertText(bytes);
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'windows-1252'), encoding: 'windows-1252' };
  }
};

/**
 * The same checks for a table received as text (a JSON string): a workbook or binary file read as
 * text by a browser is refused with what it is instead of being parsed into garbage.
 */
export const assertTextual = (text: string): void => {
  if (text.trim() === '') throw new TabularError('empty', 'The file is empty');
  if (text.startsWith('PK\u0003\u0004') || text.startsWith('\u00d0\u00cf\u0011\u00e0'))
    throw new TabularError(
      'spreadsheet',
      'This is an Excel workbook, not CSV: export or save it as CSV and upload that',
    );
  const sniff = text.slice(0, SNIFF_BYTES);
  let odd = 0;
  for (let i = 0; i < sniff.length; i += 1)
    if (isBinaryByte(sniff.charCodeAt(i)) || sniff.charCodeAt(i) === 0xfffd) odd += 1;
  if (odd > Math.max(2, sniff.length / 1000))
    throw new TabularError('binary', 'This file is not text (it looks like a binary file): upload a CSV export');
};
