// A Jest environment whose typed arrays are Node's own: onnxruntime-node creates its output
// tensors' arrays in Node's realm and checks them with `instanceof`, which fails against the
// sandbox's copies in the default environment.
const { TestEnvironment } = require('jest-environment-node');

class NodeRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      'Float32Array',
      'Float64Array',
      'Int8Array',
      'Int16Array',
      'Int32Array',
      'Uint8Array',
      'Uint16Array',
      'Uint32Array',
      'BigInt64Array',
      'BigUint64Array',
      'ArrayBuffer',
    ])
      this.global[name] = globalThis[name];
  }
}

module.exports = NodeRealmEnvironment;
