import { Type, type Static } from '@sinclair/typebox';
import { BACKENDS, JOB_STATUSES } from '@mesh/jobs';

const BACKEND = Type.Union(
  ['local', 'docker', 'kubernetes', 'vertex'].map((name) => Type.Literal(name)),
  { description: 'Where the job runs. Default: DEFAULT_TRAINING_BACKEND (kubernetes).' },
);
const STRING_MAP = Type.Record(Type.String(), Type.String());

/**
 * `POST /train`: either a mesh component (`project`, `component`, `settings`) or the seed's
 * trainer request (`dataset_file`, `output_dir`, model, `trainer_args`, any other flag).
 */
export const TrainBody = Type.Object(
  {
    backend: Type.Optional(BACKEND),
    job_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    project: Type.Optional(
      Type.String({ minLength: 1, description: 'A mesh project: runs its component image' }),
    ),
    component: Type.Optional(Type.String({ minLength: 1, description: 'Default: train' })),
    settings: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
        description: "The component's settings for this run",
      }),
    ),
    dataset_file: Type.Optional(
      Type.String({ description: 'Trainer requests: gs:// or s3:// (a path for local)' }),
    ),
    output_dir: Type.Optional(Type.String({ description: 'Trainer requests: output folder' })),
    model_id: Type.Optional(Type.String()),
    model: Type.Optional(Type.String({ description: 'Alias of model_id' })),
    model_name: Type.Optional(Type.String({ description: 'Alias of model_id' })),
    upload_output_to: Type.Optional(Type.String()),
    trainer_args: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'Extra trainer flags: foo_bar → --foo-bar, true → bare flag, false omitted, arrays repeat',
      }),
    ),
    env: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description:
          'Extra environment; secret-named values (*_TOKEN, *_KEY, ...) are never stored or returned',
      }),
    ),
  },
  { additionalProperties: true },
);

export const JobId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const LogEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  stream: Type.String(),
  line: Type.String(),
});

export const JobView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    backend: Type.String(),
    status: Type.String(),
    project: Type.Union([Type.String(), Type.Null()]),
    component: Type.Union([Type.String(), Type.Null()]),
    externalId: Type.Union([Type.String(), Type.Null()]),
    dryRun: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    exitCode: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    args: Type.Record(Type.String(), Type.Unknown()),
    cancelRequested: Type.Boolean(),
    logTail: Type.Optional(Type.Array(LogEntrySchema)),
    logs: Type.Optional(Type.Array(LogEntrySchema)),
    logsTruncated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ErrorView = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  accepted: Type.Optional(Type.Array(Type.String())),
  requestId: Type.Optional(Type.String()),
});

export { STRING_MAP };

/** Most jobs one page of `GET /jobs` returns. */
export const MAX_PAGE = 1000;

/** `GET /jobs`: filters (each backed by an index), page size and position. */
export const JobsQuery = Type.Object(
  {
    project: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.Union(JOB_STATUSES.map((status) => Type.Literal(status)))),
    backend: Type.Optional(Type.Union(BACKENDS.map((name) => Type.Literal(name)))),
    created_from: Type.Optional(
      Type.String({ format: 'date-time', description: 'Jobs created at or after (ISO 8601)' }),
    ),
    created_to: Type.Optional(
      Type.String({ format: 'date-time', description: 'Jobs created before (ISO 8601)' }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_PAGE,
        description: 'Default: JOBS_LIST_LIMIT (100)',
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        maxLength: 500,
        description: 'X-Next-Cursor of the previous page, passed back unchanged',
      }),
    ),
  },
  { additionalProperties: false },
);
export type JobsQueryType = Static<typeof JobsQuery>;
