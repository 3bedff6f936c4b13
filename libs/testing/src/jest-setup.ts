// Loaded by jest.config.js for every suite.
import { removeTempTrees } from './temp-tree';

// mesh supports Node 20.19+; the AWS SDK's notice about its future Node 22 floor is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Fixtures made with tempTree() never outlive a test file.
afterAll(removeTempTrees);

// testcontainers' reaper (Ryuk) is an image no registry here can supply: the suites remove
// their own containers in afterAll instead.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
