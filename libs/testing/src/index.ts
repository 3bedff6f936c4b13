export { removeTempTrees, tempTree, writeTree, type FileTree } from './temp-tree';
