/* global document, localStorage, sessionStorage */
// Assertions on what the user sees, polled until they hold or time out (the UI updates
// asynchronously; nothing here sleeps for a fixed time).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';

const TIMEOUT_MS = 10_000;

/** Retries `check` (which throws while the condition does not hold) until it passes or time runs out. */
export const eventually = async (check, { timeoutMs = TIMEOUT_MS, intervalMs = 100 } = {}) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await sleep(intervalMs);
  }
};

/**
 * The error shown for one form field: the text of the elements its aria-describedby (or
 * aria-errormessage) names, else the text of the smallest wrapper around it that holds no
 * other field ("next to it").
 */
const fieldErrorOf = (field) =>
  field.evaluate((el) => {
    const ids = `${el.getAttribute('aria-describedby') ?? ''} ${el.getAttribute('aria-errormessage') ?? ''}`
      .split(/\s+/)
      .filter(Boolean);
    const described = ids
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim();
    let wrapper = el;
    while (
      wrapper.parentElement &&
      wrapper.parentElement.tagName !== 'FORM' &&
      wrapper.parentElement.querySelectorAll('input, select, textarea').length <= 1
    ) {
      wrapper = wrapper.parentElement;
    }
    return {
      described,
      nearby: wrapper === el ? '' : (wrapper.textContent ?? '').trim(),
      invalid: el.getAttribute('aria-invalid'),
    };
  });

/** Asserts that the field shows an error matching `pattern`, tied to it for screen readers or placed next to it. */
export const expectFieldError = async (field, pattern) =>
  eventually(async () => {
    const { described, nearby, invalid } = await fieldErrorOf(field);
    assert.ok(
      pattern.test(described) || pattern.test(nearby),
      `field error ${pattern} not shown; described by: "${described}", next to it: "${nearby}"`,
    );
    assert.equal(invalid, 'true', 'the field is not marked aria-invalid');
  });

/** Asserts that `locator` becomes visible (and returns it). */
export const expectVisible = async (locator, { timeoutMs = TIMEOUT_MS } = {}) => {
  await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return locator.first();
};

/** Waits until the page's path matches `pattern`; returns the URL. */
export const expectPath = async (page, pattern, { timeoutMs = TIMEOUT_MS } = {}) =>
  eventually(
    () => {
      const url = new URL(page.url());
      assert.match(url.pathname, pattern, `expected a path like ${pattern}, at ${url.pathname}`);
      return url;
    },
    { timeoutMs },
  );

/** Waits until some visible canvas has a nonzero size and at least one drawn (non-transparent) pixel. */
export const expectChartDrawn = async (page, { timeoutMs = 15_000 } = {}) =>
  page.waitForFunction(
    () =>
      [...document.querySelectorAll('canvas')].some((canvas) => {
        const box = canvas.getBoundingClientRect();
        if (!canvas.width || !canvas.height || box.width === 0 || box.height === 0) return false;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (!pixels) return false;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
        return false;
      }),
    null,
    { timeout: timeoutMs, polling: 200 },
  );

/** What the page keeps in Web Storage, as one string, to check that no token is in it. */
export const webStorageDump = (page) =>
  page.evaluate(() => {
    const dump = (storage) => Object.keys(storage).map((k) => `${k}=${storage.getItem(k)}`);
    return [...dump(localStorage), ...dump(sessionStorage)].join('\n');
  });
