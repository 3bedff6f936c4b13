export {
  startImageRegistry,
  type TestImageRegistry,
  type TestImageRegistryOptions,
} from './image-registry';
export { startPostgres, type TestPostgres } from './postgres-server';
export {
  startS3Server,
  type S3Server,
  type S3ServerClientConfig,
  type S3ServerOptions,
} from './s3-server';
export { removeTempTrees, tempTree, writeTree, type FileTree } from './temp-tree';
export {
  fixtureComponent,
  fixtureLibrary,
  fixtureWorkspace,
  type FixtureWorkspace,
} from './fixture-workspace';
export { freePort } from './free-port';
export { databaseEngines, type DatabaseEngine } from './database-engines';
export {
  describeRegisterToServers,
  type RegisteredVersion,
  type RegisterToServersOptions,
} from './register-to-servers';
