import type { StatementColumnRole } from '@aiceo/shared/finance-imports';

// Column names of the banks' exports (English, German, French, Dutch, Spanish, Portuguese,
// Italian), normalised (lower case, no accents or punctuation), comma-separated per role. A
// whole-name match beats a name found inside a longer header, and a longer phrase beats a
// shorter one ("data valuta" is a value date, not a "data"). `ignored` names columns that look
// like a role but are not it (a foreign-currency amount, an IBAN).

export type HeaderRole = StatementColumnRole | 'valueDate';

const lists: Record<HeaderRole, string> = {
  date: `
    date, datum, buchungstag, buchungsdatum, buchung, fecha, data, posting date,
    transaction date, booking date, posted date, trans date, date operation, date de l operation,
    date comptable, fecha operacion, f operacion, data lancamento, data movimento, data mov,
    data contabile, data registrazione, data operazione, completed date, started date,
    posted transactions date, transactiedatum, boekdatum, date de operation`,
  valueDate: `
    value date, valuta, valutadatum, wert, wertstellung, date de valeur, date valeur, rentedatum,
    fecha valor, f valor, data valor, data valuta, data de valor, valuedate`,
  amount: `
    amount, betrag, umsatz, montant, bedrag, importe, importo, montante, valor,
    transaction amount, montant operation, montant de l operation, betrag eur`,
  debit: `
    debit, debits, debit amount, paid out, money out, withdrawal, withdrawals, withdrawal amount,
    soll, ausgang, ausgaben, debit euros, debito, cargo, cargos, debe, addebiti, addebito,
    uscite, af, out`,
  credit: `
    credit, credits, credit amount, paid in, money in, deposit, deposits, deposit amount, haben,
    eingang, einnahmen, credit euros, credito, abono, abonos, haber, ingresos, accrediti,
    accredito, entrate, bij, in`,
  indicator: `
    af bij, debit credit, credit debit, dr cr, cr dr, d c, s h, soll haben, cd,
    debit credit indicator, debet credit`,
  counterparty: `
    payee, name, merchant, counterparty, beneficiary, payer, partner name, payee name,
    beguenstigter zahlungspflichtiger, begunstigter zahlungspflichtiger,
    begunstigter auftraggeber, empfanger zahlungspflichtiger, auftraggeber empfanger,
    zahlungsempfanger, empfanger, auftraggeber, naam omschrijving, naam tegenpartij, tegenpartij,
    beneficiaire, tiers, beneficiario, ordenante, contraparte, controparte, nome`,
  description: `
    description, memo, narrative, transaction description, transaction details, particulars,
    verwendungszweck, buchungstext, vorgang verwendungszweck, libelle, libelle operation,
    libelle court, detail de l ecriture, omschrijving, mededelingen, omschrijving 1,
    omschrijving 2, omschrijving 3, concepto, observaciones, descripcion, descricao, descrizione,
    descrizione estesa, dettagli, causale, payment reference, description1, description2,
    description3, beschreibung, motivo, libelle simplifie, informations complementaires`,
  balance: `
    balance, running bal, running balance, saldo, kontostand, solde, saldo na mutatie,
    saldo na trn, disponible, saldo contabilistico, saldo disponivel, saldo contabile,
    available balance, saldo disponibile, saldo nach buchung`,
  reference: `
    reference, ref, transaction id, check or slip, check number, kundenreferenz, referenz,
    volgnr, transactiereferentie, numero, n operation, transaction no, reference number,
    referencia, riferimento, kundenreferenz end to end`,
  currency: `
    currency, wahrung, waehrung, devise, munt, divisa, moeda, currency code`,
  ignored: `
    iban, bic, account, account number, konto, kontonummer, rekening, tegenrekening, blz,
    category, kategorie, categorie, categoria, type, time, emoji, receipt, address, local amount,
    original amount, amount foreign currency, foreign currency, type foreign currency,
    ursprungsbetrag, lastschrift ursprungsbetrag, oorspr bedrag, oorspr munt, fee, fees,
    exchange rate, koers, glaubiger id, glaeubiger id, mandatsreferenz, auftragskonto,
    transaction type, umsatzart, mutatiesoort, code, tag, notes and tags, status, state, product,
    subcategory, sub category, original currency, local currency, kontonummer iban,
    sammlerreferenz, auslagenersatz ruecklastschrift, fremde gebuhren, anzahl der auftrage,
    anzahl der schecks, trade time, footnotes, info, category split, iban bban, bic tegenpartij,
    batch id, individual amount, abweichender empfanger, glaubiger, number, details, rentedatum`,
};

export const headerPhrases: { role: HeaderRole; phrase: string; words: number }[] = Object.entries(lists).flatMap(
  ([role, list]) =>
    list
      .split(',')
      .map((phrase) => phrase.trim())
      .filter(Boolean)
      .map((phrase) => ({ role: role as HeaderRole, phrase, words: phrase.split(' ').length })),
);
