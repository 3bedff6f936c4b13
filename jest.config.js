// One Jest configuration for every package: the nx targets pass `--roots <package>/tests/<suite>`.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Libraries resolve to their sources so a suite never needs a build first.
  moduleNameMapper: {
    // Apps are packages too (apps/<name>); every other @mesh package is a library.
    '^@mesh/(training-api)$': '<rootDir>/apps/$1/src/index.ts',
    '^@mesh/([a-z0-9-]+)$': '<rootDir>/libs/$1/src/index.ts',
    // One module of a library, imported without its barrel (e.g. @mesh/pipeline/dist/git-info).
    '^@mesh/([a-z0-9-]+)/dist/(.*)$': '<rootDir>/libs/$1/src/$2',
    // Lazily loaded modules are imported as `./x.js`, which is what Node resolves once compiled.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-setup.ts'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.nx/', '<rootDir>/.mesh/'],
};
