import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

// zxcvbn scores 0-4; 3 means at least 10^8 guesses, the level its authors call safe against
// online guessing. Below that the password is common or built from a common pattern.
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;

/**
 * True when `password` is commonly used or easy to guess, by zxcvbn-ts over its common
 * dictionary (about 49,000 leaked passwords, the diceware words, keyboard patterns). Heavy: import this
 * module only where a password is set (see installCommonPasswordCheck in ./passwords).
 */
export const isCommonPassword = (password: string): boolean => {
  // Built on first use: it indexes the whole dictionary (tens of milliseconds).
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(password).score < MIN_SCORE;
};
