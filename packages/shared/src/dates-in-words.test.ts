import {
  dateTimeInWords,
  dayInWords,
  isoWeekInWords,
  mondayOfIsoWeek,
  monthInWords,
  shortDayInWords,
  weekOfInWords,
} from './dates-in-words';

describe('dates in words', () => {
  it('when a day is written out, then it has the weekday, day, month and year and no ISO', () => {
    expect(dayInWords('2026-12-01')).toBe('Tuesday 1 December 2026');
    expect(dayInWords(new Date('2026-12-03T23:30:00Z'))).toBe('Thursday 3 December 2026');
    expect(dayInWords(new Date('2026-12-03T23:30:00Z'), 'Europe/Paris')).toBe('Friday 4 December 2026');
  });
  it('when an instant is written out, then it reads "3 Dec 2026, 14:05 UTC"', () => {
    expect(dateTimeInWords(new Date('2026-12-03T14:05:59Z'))).toBe('3 Dec 2026, 14:05 UTC');
    expect(dateTimeInWords('2026-12-03T14:05:00Z', 'Europe/Paris')).toBe('3 Dec 2026, 15:05 Europe/Paris');
    expect(dateTimeInWords('2026-12-03T14:05:00Z', 'Not/AZone')).toMatch(/^3 Dec 2026, 14:05/);
    expect(shortDayInWords('2026-01-09')).toBe('9 Jan 2026');
    expect(monthInWords('2026-12')).toBe('December 2026');
    expect(monthInWords('2027-01')).toBe('January 2027');
  });
  it('when an ISO week is labelled, then it says the Monday it starts on', () => {
    expect(mondayOfIsoWeek('2026-W49')).toBe('2026-11-30');
    expect(mondayOfIsoWeek('2026-W01')).toBe('2025-12-29');
    expect(mondayOfIsoWeek('2020-W53')).toBe('2020-12-28');
    expect(isoWeekInWords('2026-W49')).toBe('Week of 30 Nov 2026');
    expect(weekOfInWords('2026-11-30')).toBe('Week of 30 Nov 2026');
    expect(isoWeekInWords('not a week')).toBe('not a week');
  });
});
