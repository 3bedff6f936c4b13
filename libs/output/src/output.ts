import { createColors } from 'picocolors';
import { formatDuration } from './format';
import { renderTable, type TableColumn } from './table';

/** Reports progress of one step: `update(3, 10, 'documents')`. */
export interface StepProgress {
  /** Records how far the step is; rendered live on a terminal, every few seconds elsewhere. */
  update(done: number, total?: number, unit?: string): void;
  /** Replaces the step's detail text, e.g. the file being read. */
  detail(text: string): void;
}

/** Where and how output is written. All fields default from the running process. */
export interface OutputOptions {
  /** Receives results: tables, JSON, summaries. Default: `process.stdout`. */
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Receives progress and messages. Default: `process.stderr`. */
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Decides colours, CI mode and log groups. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Clock for durations, in ms. Default: `Date.now`. */
  now?: () => number;
  /** How often non-terminal output repeats a running step's progress, in ms. Default: 5000. */
  plainProgressIntervalMs?: number;
  /**
   * Off a terminal, a running step that has printed nothing for this long prints a line saying
   * it is still running (with its last detail), so a silent build step or `npm ci` is visibly
   * alive in a CI log. In ms; 0 turns it off. Default: 30000.
   */
  plainHeartbeatMs?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * The one module through which mesh talks to people. On a terminal it draws spinners and
 * colours; in CI or when piped it writes plain lines, folds steps into `::group::` blocks on
 * GitHub Actions, and repeats progress every few seconds so long work is visibly alive.
 */
export class Output {
  readonly interactive: boolean;
  readonly githubActions: boolean;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;
  private readonly colors: ReturnType<typeof createColors>;
  private readonly now: () => number;
  private readonly plainInterval: number;
  private readonly plainHeartbeat: number;

  constructor(options: OutputOptions = {}) {
    const env = options.env ?? process.env;
    const stderr = options.stderr ?? process.stderr;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = stderr;
    const ci = env.CI === 'true' || env.CI === '1';
    this.interactive = Boolean(stderr.isTTY) && !ci;
    this.githubActions = env.GITHUB_ACTIONS === 'true';
    // CI logs stay plain even when a parent (nx sets FORCE_COLOR for its tasks) asks for colour.
    const colour =
      !ci && !env.NO_COLOR && (env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : this.interactive);
    this.colors = createColors(colour);
    this.now = options.now ?? Date.now;
    this.plainInterval = options.plainProgressIntervalMs ?? 5000;
    this.plainHeartbeat = options.plainHeartbeatMs ?? 30_000;
  }

  /** A plain message. */
  info(message: string): void {
    this.stderr.write(`${message}\n`);
  }

  /** Something that worked. */
  success(message: string): void {
    this.stderr.write(`${this.colors.green('✓')} ${message}\n`);
  }

  /** Something that did not stop the work but deserves attention. */
  warn(message: string): void {
    const prefix = this.githubActions ? '::warning::' : this.colors.yellow('warning: ');
    this.stderr.write(`${prefix}${message}\n`);
  }

  /** A failure, as the last thing a command says. */
  error(message: string): void {
    const prefix = this.githubActions ? '::error::' : this.colors.red('error: ');
    this.stderr.write(`${prefix}${message}\n`);
  }

  /** A result line on stdout. */
  result(message: string): void {
    this.stdout.write(`${message}\n`);
  }

  /** A value as indented JSON on stdout, for `--json`. */
  json(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Rows as an aligned table on stdout. */
  table<Row>(rows: Row[], columns: Array<TableColumn<Row>>): void {
    this.stdout.write(renderTable(rows, columns, (text) => this.colors.bold(text)));
  }

  /** Dims text, for secondary details. */
  dim(text: string): string {
    return this.colors.dim(text);
  }

  /** Emphasises text, for headline figures. */
  bold(text: string): string {
    return this.colors.bold(text);
  }

  /**
   * Runs one named step of long work, showing that it is running, its progress, and how long
   * it took or why it failed. The step's result or error passes through unchanged.
   */
  async step<T>(title: string, work: (progress: StepProgress) => Promise<T> | T): Promise<T> {
    const started = this.now();
    let status = '';
    let lastPlain = started;
    let frame = 0;
    const draw = () => {
      if (this.interactive) {
        frame = (frame + 1) % SPINNER.length;
        this.stderr.write(
          `\r\x1b[2K${this.colors.cyan(SPINNER[frame])} ${title}${status ? ` ${this.colors.dim(status)}` : ''}`,
        );
      } else if (status) {
        const now = this.now();
        if (now - lastPlain < this.plainInterval) return;
        lastPlain = now;
        this.stderr.write(`  ${title}: ${status}\n`);
      }
    };
    const progress: StepProgress = {
      update: (done, total, unit = '') => {
        status = total
          ? `${done}/${total}${unit ? ` ${unit}` : ''} (${Math.floor((100 * done) / total)}%)`
          : `${done}${unit ? ` ${unit}` : ''}`;
        draw();
      },
      detail: (text) => {
        status = text;
        draw();
      },
    };

    if (this.githubActions) this.stderr.write(`::group::${title}\n`);
    else if (!this.interactive) this.stderr.write(`› ${title}\n`);
    const heartbeat = () => {
      const now = this.now();
      if (now - lastPlain < this.plainHeartbeat) return;
      lastPlain = now;
      this.stderr.write(
        `  ${title}: still running after ${formatDuration(now - started)}${status ? ` (${status})` : ''}\n`,
      );
    };
    const timer = this.interactive
      ? setInterval(draw, 80)
      : this.plainHeartbeat > 0
        ? setInterval(heartbeat, Math.min(this.plainHeartbeat, 1000))
        : undefined;
    timer?.unref();
    try {
      const result = await work(progress);
      this.finishStep(
        `${this.colors.green('✓')} ${title} ${this.colors.dim(formatDuration(this.now() - started))}`,
      );
      return result;
    } catch (error) {
      this.finishStep(
        `${this.colors.red('✗')} ${title} ${this.colors.dim(`failed after ${formatDuration(this.now() - started)}`)}`,
      );
      throw error;
    } finally {
      if (timer) clearInterval(timer);
      if (this.githubActions) this.stderr.write('::endgroup::\n');
    }
  }

  private finishStep(line: string): void {
    this.stderr.write(this.interactive ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }
}
