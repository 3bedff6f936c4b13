export {
  SUITES,
  listComponents,
  listApps,
  listLibraries,
  resolveComponent,
  suitesOf,
  type ComponentRef,
  type LibraryRef,
  type Suite,
} from './components';
export {
  parseComponentDeclaration,
  readComponentDeclaration,
  type ComponentDeclaration,
  type Toleration,
} from './component-declaration';
export { ComponentDeclarationError, UnknownComponentError, WorkspaceError } from './errors';
