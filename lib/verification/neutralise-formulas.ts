// Spreadsheet safety (OWASP "CSV injection"), whatever the delimiter. A program may split
// a line of our output at commas, semicolons or tabs whatever the file's own delimiter
// (Excel does, by locale), and once it splits at another character than ours it no
// longer sees our quotes, so line breaks inside a value end its record too. A field can
// then begin at the start of a line and after any , ; tab CR or LF. Wherever one could
// begin with = + - @ tab or CR (quotes in front included), an apostrophe goes first, so
// the field is text. One exception keeps data as it was: a cell, not first on its line,
// that is only a signed number or a phone number ("-12.5", "+44 20 7946 0958"). It cannot
// run anything (no name, no function, no reference), and at the start of a line a
// splitter other than ours would run it into the next cells, so there it is neutralised.

/** = + - @ tab CR: a field starting with one of these may run as a formula. */
export function startsLikeFormula(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

// A sign, then digits with spaces, brackets, dots, commas, slashes and hyphens only.
const SIGNED_NUMBER = /^[+-]\(?[0-9][0-9 ().,/-]*$/;

/** True for a signed number or phone number: data that may start a cell as it is. */
export function isSignedNumber(value: string): boolean {
  return SIGNED_NUMBER.test(value);
}

/** True when `value` has a place where a field could start like a formula (see above). */
export const MAY_START_FORMULA = /^"*[=+\-@\t\r]|[,;\t\r\n]"*[=+\-@\t\r]/;

/**
 * `value` with an apostrophe before each place where a field could start like a formula:
 * its start (unless it is a signed number and not `firstOnLine`) and after each , ; tab
 * CR or LF in it.
 */
export function neutraliseFormulas(value: string, firstOnLine: boolean): string {
  let result = "";
  let from = 0;
  if (formulaAt(value, 0) && (firstOnLine || !isSignedNumber(value))) {
    result = "'";
  }
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const breaksField = code === 44 || code === 59 || code === 9 || code === 13 || code === 10;
    if (breaksField && formulaAt(value, i + 1)) {
      result += `${value.slice(from, i + 1)}'`;
      from = i + 1;
    }
  }
  return result + value.slice(from);
}

// Whether a field starting at `at` starts like a formula, past any quotes in front.
function formulaAt(value: string, at: number): boolean {
  let i = at;
  while (value.charCodeAt(i) === 34) i++;
  return startsLikeFormula(value.charCodeAt(i));
}
