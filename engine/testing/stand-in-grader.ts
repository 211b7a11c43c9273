/**
 * How the stand-in answers a grading prompt (one that asks for "PASS or FAIL"): PASS when the text in
 * <reply>...</reply>, lower-cased with every run of non-alphanumerics read as one space, contains the
 * text in <expected>...</expected> read the same way as whole words; FAIL otherwise; without both
 * tags it cannot tell, and says so (neither PASS nor FAIL). A plain rule, so pass rates in tests are
 * the stand-in's and can be counted by hand.
 */
const words = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

export function standInGrade(prompt: string): string | undefined {
  if (!/PASS or FAIL/.test(prompt)) return undefined;
  const tag = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(prompt)?.[1];
  const reply = tag('reply');
  const expected = tag('expected');
  if (reply === undefined || expected === undefined) return 'I cannot tell without <reply> and <expected>.';
  return words(expected).trim() !== '' && words(reply).includes(words(expected)) ? 'PASS' : 'FAIL';
}
