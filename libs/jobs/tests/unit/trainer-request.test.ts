import { JobRequestError, normaliseTrainerRequest, renderFlags } from '@mesh/jobs';

describe('renderFlags', () => {
  it('renders flags the way the seed did', () => {
    expect(
      renderFlags({
        foo_bar: 3,
        packing: true,
        gradient_checkpointing: false,
        skipped: null,
        target_modules: ['q_proj', 'v_proj'],
        extra: { a: 1 },
      }),
    ).toEqual([
      '--foo-bar',
      '3',
      '--packing',
      '--target-modules',
      'q_proj',
      '--target-modules',
      'v_proj',
      '--extra',
      '{"a":1}',
    ]);
  });
});

describe('normaliseTrainerRequest', () => {
  const base = { dataset_file: 's3://b/d.jsonl', output_dir: '/tmp/model' };

  it.each(['model', 'model_name', 'model_id'])('maps %s to model_id', (alias) => {
    const request = normaliseTrainerRequest({ ...base, [alias]: 'org/m' }, 'kubernetes');
    expect(request.args.model_id).toBe('org/m');
    expect(request.args).not.toHaveProperty('model');
    expect(request.args).not.toHaveProperty('model_name');
  });

  it('merges trainer_args after the top-level fields, which win', () => {
    const request = normaliseTrainerRequest(
      { ...base, lora_rank: 8, trainer_args: { lora_rank: 4, num_train_epochs: 2 } },
      'kubernetes',
    );
    expect(request.args).toEqual({ ...base, lora_rank: 8, num_train_epochs: 2 });
  });

  it.each(['dataset_file', 'output_dir'])('requires %s, naming it', (field) => {
    const body: Record<string, unknown> = { ...base };
    delete body[field];
    expect(() => normaliseTrainerRequest(body, 'local')).toThrow(JobRequestError);
    expect(() => normaliseTrainerRequest(body, 'local')).toThrow(`${field}: is required`);
  });

  it('rejects a dataset scheme the backend cannot read, listing the accepted ones', () => {
    expect(() =>
      normaliseTrainerRequest({ ...base, dataset_file: '/data/x.jsonl' }, 'kubernetes'),
    ).toThrow(
      'dataset_file: "/data/x.jsonl" cannot be read by the kubernetes backend (accepted: s3://, gs://)',
    );
    expect(() => normaliseTrainerRequest({ ...base, dataset_file: 'ftp://h/x' }, 'local')).toThrow(
      /accepted: a path, file:\/\//,
    );
    expect(
      normaliseTrainerRequest({ ...base, dataset_file: 'data/x.jsonl' }, 'local').backend,
    ).toBe('local');
  });

  it('rejects an unknown backend, listing the backends', () => {
    expect(() => normaliseTrainerRequest({ ...base, backend: 'slurm' }, 'local')).toThrow(
      'backend: "slurm" is not a backend (accepted: local, docker, kubernetes, vertex)',
    );
  });
});
