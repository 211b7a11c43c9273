/** The model package: one writer, one reader (see README.md "The model package"). */
export { canonicalJson, sha256 } from './canonical.js';
export * from './manifest.js';
export { readModelPackage, packageHash, type ModelPackage } from './read-package.js';
export { referenceStatistics, type ReferenceStats, type ColumnReference } from './reference-stats.js';
export { outputSchema, rawInputSchema, type JsonSchema } from './schemas.js';
export { manifestHash, PackageError, writeModelPackage } from './write-package.js';
export { openModel, type OpenedModel } from './open-model.js';
