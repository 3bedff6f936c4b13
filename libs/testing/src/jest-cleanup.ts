// Loaded by jest.config.js for every suite: fixtures made with tempTree() never outlive a test file.
import { removeTempTrees } from './temp-tree';

afterAll(removeTempTrees);
