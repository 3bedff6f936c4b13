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
 * Maps messages to the model's templates; the ones no learned template fits (a template with at
 * least one constant word, all constants equal) are grouped among themselves with the model's
 * own learner, so a log with new statements is still parsed. Used alike by training-time
 * scoring, `evaluate` and batch prediction, so their numbers agree.
 */
export function parseLogs(model: TemplateModel, messages: readonly string[]): ParsedLogs {
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
