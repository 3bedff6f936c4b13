import { learnTemplates } from './brain';
import { eventIdOf, type TemplateModel } from './template-model';
import { WILDCARD } from './tokenize';

/** The event id and template of every message. */
export interface ParsedLogs {
  eventIds: string[];
  templates: string[];
  /** Messages no learned template fitted, grouped among themselves. */
  unseen: number;
}

/**
 * Parses a batch of logs with the model: together with the training messages the model kept
 * (Brain's counts over both), which is how a batch parser is at its most accurate; a model
 * without them falls back to {@link matchLogs}. Used alike by training-time scoring and
 * `evaluate`, so their numbers agree.
 */
export function parseLogs(model: TemplateModel, messages: readonly string[]): ParsedLogs {
  if (model.context.length === 0) return matchLogs(model, messages);
  const tokens = [...model.context, ...messages].map((message) => model.tokens(message));
  const learned = learnTemplates(tokens, { splitMaxValues: model.params.splitMaxValues });
  const offset = model.context.length;
  const templates = messages.map((_, index) =>
    learned.templates[learned.assignments[offset + index]].join(' '),
  );
  return { eventIds: templates.map(eventIdOf), templates, unseen: 0 };
}

/**
 * Maps messages to the model's templates; the ones no learned template fits (a template with at
 * least one constant word, all constants equal) are grouped among themselves with the model's
 * own learner, so a log with new statements is still parsed.
 */
export function matchLogs(model: TemplateModel, messages: readonly string[]): ParsedLogs {
  const eventIds = new Array<string>(messages.length);
  const templates = new Array<string>(messages.length);
  const unseen: number[] = [];
  messages.forEach((message, index) => {
    const match = model.match(message);
    const generic = match.template.split(' ').every((token) => token === WILDCARD);
    if (
      match.eventId !== null &&
      (!generic || match.template === model.tokens(message).join(' '))
    ) {
      eventIds[index] = match.eventId;
      templates[index] = match.template;
    } else unseen.push(index);
  });
  if (unseen.length > 0) {
    const learned = learnTemplates(
      unseen.map((index) => model.tokens(messages[index])),
      { splitMaxValues: model.params.splitMaxValues },
    );
    unseen.forEach((index, position) => {
      const template = learned.templates[learned.assignments[position]].join(' ');
      templates[index] = template;
      eventIds[index] = eventIdOf(template);
    });
  }
  return { eventIds, templates, unseen: unseen.length };
}
