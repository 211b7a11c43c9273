/**
 * A hand-written recipe using every RecipeStep op on the adult columns (DOUBLE -> text casts,
 * half-way roundings to BIGINT, text read as numbers, rare and unseen categories), and the edge
 * rows that probe it. Each edge row says whether the JS replay must follow it exactly or decline it.
 */
import type { ModelRecipe } from '../../engine/models/model-recipe.js';
import type { FeatureSpec } from '../../engine/models/preprocessing.js';
import type { RecipeStep } from '../../engine/models/recipe-steps.js';

export const ALL_OPS_STEPS: RecipeStep[] = [
  { op: 'drop', columns: ['fnlwgt'] },
  { op: 'rename', column: 'hours-per-week', to: 'hours' },
  { op: 'impute', column: 'age', strategy: 'mean', value: 38.58164675532078, type: 'BIGINT' },
  { op: 'replace', column: 'age', mode: 'exact', find: '90', replacement: '89.5' },
  { op: 'standard-scale', column: 'age', mean: 38.64358543876172, std: 13.71036587 },
  { op: 'text', column: 'workclass', action: 'trim' },
  { op: 'replace', column: 'workclass', mode: 'exact', find: 'Private', replacement: 'Priv' },
  { op: 'impute', column: 'workclass', strategy: 'most-frequent', value: 'Priv', type: 'VARCHAR' },
  { op: 'text', column: 'occupation', action: 'lower' },
  { op: 'impute', column: 'occupation', strategy: 'constant', value: 'unknown', type: 'VARCHAR' },
  { op: 'text', column: 'sex', action: 'upper' },
  { op: 'replace', column: 'race', mode: 'exact', find: 'Other', replacement: null },
  { op: 'impute', column: 'education-num', strategy: 'median', value: 10, type: 'BIGINT' },
  { op: 'cast', column: 'education-num', type: 'VARCHAR' },
  {
    op: 'one-hot',
    column: 'education-num',
    categories: ['13.0', '9.0', '10.0'],
    outputs: ['edu=13', 'edu=9', 'edu=10'],
    rare: ['14.0', '1.0'],
    otherOutput: 'edu=other',
  },
  { op: 'impute', column: 'capital-gain', strategy: 'constant', value: 0, type: 'BIGINT' },
  { op: 'cast', column: 'capital-gain', type: 'BIGINT' },
  { op: 'min-max-scale', column: 'capital-gain', min: 0, max: 99999 },
  { op: 'cast', column: 'capital-loss', type: 'DOUBLE' },
  { op: 'min-max-scale', column: 'hours', min: 1, max: 99 },
  // 17 significant digits: DuckDB reads these literals as DECIMALs whose double differs by one ulp from JS's Number().
  { op: 'standard-scale', column: 'capital-loss', mean: 0.44340182973278597, std: 0.9427549368516497 },
  { op: 'ordinal', column: 'marital-status', categories: ['Divorced', 'Married-civ-spouse', 'Never-married', 'Separated', 'Widowed'] },
  {
    op: 'one-hot',
    column: 'native-country',
    categories: ['United-States', 'Mexico'],
    outputs: ['country=US', 'country=MX'],
    rare: ['Canada', 'Germany'],
    otherOutput: 'country=other',
  },
  { op: 'cast', column: 'relationship', type: 'INTEGER' },
  { op: 'impute', column: 'education', strategy: 'constant', value: null, type: 'VARCHAR' },
];

const numeric = (name: string, median = 0): FeatureSpec => ({ name, sourceType: 'DOUBLE', kind: 'numeric', median });
const categorical = (name: string, categories: string[]): FeatureSpec => ({ name, sourceType: 'VARCHAR', kind: 'categorical', categories });

const FEATURES: FeatureSpec[] = [
  numeric('age'),
  categorical('workclass', ['Priv', 'Self-emp-not-inc', 'Local-gov', 'State-gov']),
  categorical('education', ['HS-grad', 'Bachelors', 'Some-college']),
  numeric('edu=13'),
  numeric('edu=9'),
  numeric('edu=10'),
  numeric('edu=other'),
  numeric('marital-status', -5),
  categorical('marital-status', ['0', '1', '-1']),
  categorical('relationship', ['7', '12']),
  categorical('occupation', ['prof-specialty', 'unknown', 'sales', 'exec-managerial']),
  categorical('sex', ['MALE', 'FEMALE']),
  categorical('race', ['White', 'Black']),
  numeric('capital-gain', 0.5),
  numeric('capital-loss', 5.5),
  numeric('hours', 40),
  numeric('country=US'),
  numeric('country=MX'),
  numeric('country=other'),
];

export const ALL_OPS_RECIPE: ModelRecipe = {
  format: 'lifecycle-studio.recipe',
  version: 2,
  steps: ALL_OPS_STEPS,
  encoding: {
    features: FEATURES,
    target: { name: 'income', sourceType: 'VARCHAR', task: 'classification', labels: ['<=50K', '>50K'] },
    encodedNames: FEATURES.flatMap((f) => (f.kind === 'categorical' ? f.categories!.map((c) => `${f.name}=${c}`) : [f.name])),
    scaleMean: [],
    scaleStd: [],
    fittedOn: { table: 'hand-written', rows: 0, fingerprint: '0' },
  },
};

/** Overrides of an adult-test row; `exact` false: the JS replay must decline the row (it goes to SQL). */
export const EDGE_ROWS: { why: string; exact: boolean; row: Record<string, unknown> }[] = [
  {
    why: 'missing age, padded text, wrong case, a rare country, unseen categories, a number sent as text',
    exact: true,
    row: {
      age: null,
      workclass: '  Private  ',
      occupation: 'Sales',
      sex: 'female',
      race: 'Other',
      'native-country': 'Canada',
      'marital-status': 'Unseen',
      education: 'Doctorate',
      'capital-loss': '1902',
      relationship: '7',
    },
  },
  {
    why: '90 replaced by 89.5; 2.5 rounds to 2 (half to even); "3." and "+4" read as numbers',
    exact: true,
    row: { age: 90, 'capital-gain': 2.5, 'capital-loss': '3.' },
  },
  {
    why: '3.5 rounds to 4; "abc" is not a number; an INTEGER overflow is missing',
    exact: true,
    row: { 'capital-gain': 3.5, 'capital-loss': 'abc', relationship: '99999999999' },
  },
  {
    why: '-2.5 rounds to -2; an empty text is not a number; 13 prints as "13.0"',
    exact: true,
    row: { 'capital-gain': -2.5, 'capital-loss': '', 'education-num': 13 },
  },
  {
    why: 'a tab is not trimmed; "2.5e3" is 2500; 14 is a rare category; missing text filled',
    exact: true,
    row: { workclass: 'Private\t', 'capital-loss': '2.5e3', 'education-num': 14, occupation: null, 'hours-per-week': null },
  },
  {
    why: '12.25 prints as "12.25" (no category); a decimal age; "-" is not a number',
    exact: true,
    row: { age: 0.1, 'education-num': 12.25, 'capital-loss': '-', 'hours-per-week': 7.5 },
  },
  {
    why: 'relationship "x" is not a number; trailing spaces trimmed; missing country and rare education',
    exact: true,
    row: { relationship: 'x', workclass: 'State-gov   ', 'native-country': null, 'education-num': 1 },
  },
  { why: '" 3": DuckDB reads a padded number, the JS replay declines', exact: false, row: { 'capital-loss': ' 3' } },
  { why: 'a non-ASCII character left at the end of a trimmed text', exact: false, row: { workclass: 'Privé' } },
  { why: 'non-ASCII text to lower-case', exact: false, row: { occupation: 'Ärzte' } },
  { why: '"3.7" to INTEGER: DuckDB rounds text decimals, the JS replay declines', exact: false, row: { relationship: '3.7' } },
  { why: 'a double past 2^53 to BIGINT', exact: false, row: { 'capital-gain': 1e20 } },
  { why: '1e16 prints "1e+16" in DuckDB', exact: false, row: { 'education-num': 1e16 } },
  { why: '"inf" may be a number to DuckDB', exact: false, row: { 'capital-loss': 'inf' } },
  { why: '"1_000" is 1000 to DuckDB', exact: false, row: { 'capital-loss': '1_000' } },
];
