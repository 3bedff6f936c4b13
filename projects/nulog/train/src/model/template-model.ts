import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeArtifactFileSync } from '@mesh/model-store';
import { learnTemplates, type BrainOptions } from './brain';
import { compileLogFormat, type LogFormat } from '../logs/log-format';
import { compileMasks, tokenize, WILDCARD } from './tokenize';

/** One learned template. */
export interface Template {
  /** `E` + the first 8 hex digits of the template's md5, stable across runs. */
  eventId: string;
  /** Tokens joined by a space, parameters as `<*>`. */
  template: string;
  /** Training messages it covers. */
  count: number;
}

/** What a model needs to turn a message into tokens the same way at training and prediction. */
export interface TemplateModelParams {
  maskRegexes: string[];
  splitMaxValues: number;
  /**
   * The LOG_FORMAT the training lines were split with, so raw lines at prediction are split the
   * same way. Default: none (models saved before it was stored): a line is the message itself.
   */
  logFormat?: string;
}

/** A message mapped to a template; `eventId` is null when no learned template fits. */
export interface TemplateMatch {
  eventId: string | null;
  template: string;
  /** Share of the message's tokens the template accounts for (1 = fits exactly), NuLog's anomaly score turned round. */
  score: number;
}

/** The template of every training message, with the model that maps new messages. */
export interface ParsedCorpus {
  model: TemplateModel;
  /** The event id of every message, in input order. */
  eventIds: string[];
}

/** Training messages a model keeps to parse new logs with (see {@link TemplateModel}). */
export const CONTEXT_MESSAGES = 20_000;

/** Names a template the way Loghub's structured files do. */
export function eventIdOf(template: string): string {
  return `E${createHash('md5').update(template).digest('hex').slice(0, 8)}`;
}

/** Log templates learned from messages (Brain); maps new messages to them. */
export class TemplateModel {
  private readonly masks: RegExp[];
  private readonly format: LogFormat | undefined;
  private readonly byLength = new Map<
    number,
    { tokens: string[]; constants: number; index: number }[]
  >();

  /**
   * @param context training messages kept with the model (at most {@link CONTEXT_MESSAGES}, spread
   * evenly): new logs are parsed together with them, so their counts inform the new groups.
   */
  constructor(
    readonly params: TemplateModelParams,
    readonly templates: readonly Template[],
    readonly context: readonly string[] = [],
  ) {
    this.masks = compileMasks(params.maskRegexes);
    this.format = params.logFormat ? compileLogFormat(params.logFormat) : undefined;
    templates.forEach((entry, index) => {
      const tokens = entry.template.split(' ').filter((token) => token !== '');
      const constants = tokens.filter((token) => token !== WILDCARD).length;
      const list = this.byLength.get(tokens.length) ?? [];
      list.push({ tokens, constants, index });
      this.byLength.set(tokens.length, list);
    });
  }

  /** Learns templates from messages and returns the model with every message's event id. */
  static train(
    messages: readonly string[],
    params: Partial<TemplateModelParams> = {},
    options: BrainOptions = {},
  ): ParsedCorpus {
    const full: TemplateModelParams = {
      maskRegexes: params.maskRegexes ?? [],
      splitMaxValues: params.splitMaxValues ?? options.splitMaxValues ?? 2,
      ...(params.logFormat !== undefined ? { logFormat: params.logFormat } : {}),
    };
    const masks = compileMasks(full.maskRegexes);
    const tokens = messages.map((message) => tokenize(message, masks));
    const learned = learnTemplates(tokens, { splitMaxValues: full.splitMaxValues });
    const counts = new Array<number>(learned.templates.length).fill(0);
    for (const id of learned.assignments) counts[id]++;
    const templates = learned.templates.map((template, id) => {
      const text = template.join(' ');
      return { eventId: eventIdOf(text), template: text, count: counts[id] };
    });
    const order = templates.map((_, id) => id).sort((a, b) => counts[b] - counts[a] || a - b);
    const step = Math.max(1, messages.length / CONTEXT_MESSAGES);
    const context: string[] = [];
    for (let index = 0; index < messages.length && context.length < CONTEXT_MESSAGES; index += step)
      context.push(messages[Math.floor(index)]);
    const model = new TemplateModel(
      full,
      order.map((id) => templates[id]),
      context,
    );
    return { model, eventIds: learned.assignments.map((id) => templates[id].eventId) };
  }

  /**
   * The message of a raw log line: its `<Content>` by the model's LOG_FORMAT; a line that does
   * not fit the format (or a model without one) is taken as the message itself, so both raw lines
   * and messages already extracted upstream (Elasticsearch's `masked_log`) are accepted.
   */
  messageOf(line: string): string {
    return this.format?.parse(line)?.Content ?? line;
  }

  /** Tokens of a message as the model sees them (masks applied). */
  tokens(message: string): string[] {
    return tokenize(message, this.masks);
  }

  /** The learned template that fits the message with the most constant tokens, or the best partial fit with a lower score. */
  match(message: string): TemplateMatch {
    const tokens = this.tokens(message);
    let best: { index: number; fit: number; constants: number } | undefined;
    for (const candidate of this.byLength.get(tokens.length) ?? []) {
      let fit = 0;
      candidate.tokens.forEach((token, position) => {
        if (token === WILDCARD || token === tokens[position]) fit++;
      });
      if (!best || fit > best.fit || (fit === best.fit && candidate.constants > best.constants))
        best = { index: candidate.index, fit, constants: candidate.constants };
    }
    const length = Math.max(tokens.length, 1);
    if (!best || best.fit < tokens.length)
      return { eventId: null, template: tokens.join(' '), score: best ? best.fit / length : 0 };
    const template = this.templates[best.index];
    return { eventId: template.eventId, template: template.template, score: best.fit / length };
  }

  /** Writes the model as JSON. */
  save(path: string): void {
    writeArtifactFileSync(
      path,
      `${JSON.stringify({ format: 'mesh-log-templates/1', method: 'brain', params: this.params, templates: this.templates, context: this.context })}\n`,
    );
  }

  /** Reads a model {@link save} wrote; the Error names the file when it is not one. */
  static load(path: string): TemplateModel {
    let value: {
      format?: string;
      params?: TemplateModelParams;
      templates?: Template[];
      context?: string[];
    };
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path}: not a readable model file (${(error as Error).message})`);
    }
    if (value.format !== 'mesh-log-templates/1' || !value.params || !Array.isArray(value.templates))
      throw new Error(
        `${path}: not a nulog template model (format "mesh-log-templates/1" expected)`,
      );
    return new TemplateModel(value.params, value.templates, value.context ?? []);
  }
}
