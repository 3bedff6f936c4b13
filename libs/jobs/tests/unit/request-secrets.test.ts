import {
  collectSecrets,
  expandSecretArgs,
  isSecretKey,
  redactUrlSecrets,
  renderSecretFlags,
} from '@mesh/jobs';

describe('isSecretKey', () => {
  it.each([
    'hf_token',
    'token',
    'api_key',
    'apiKey',
    'password',
    'secret',
    'hfToken',
    'HF_AUTH',
    'X-Amz-Signature',
    'sig',
    'db-password',
  ])('%s is secret', (name) => expect(isSecretKey(name)).toBe(true));
  it.each(['num_train_epochs', 'tokenizer', 'model_id', 'output_dir', 'author', 'signal'])(
    '%s is not',
    (name) => expect(isSecretKey(name)).toBe(false),
  );
});

describe('collectSecrets', () => {
  it('finds values by name at any depth, URL passwords and token-like query values', () => {
    const found = collectSecrets({
      hf_token: 'v1',
      trainer_args: { hub: { auth: { password: 'v2', user: 'v3' } }, lr: 0.1 },
      env: { hfToken: 'v4', PLAIN: 'plain' },
      dataset_file: 's3://b/d.jsonl?X-Amz-Signature=v5&part=1',
      mirror: 'https://u:v6@host/x',
      path: 'data.jsonl?token=v7',
      api_key: 12345,
    });
    expect(found.sort()).toEqual(['12345', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']);
  });

  it('takes declared secret names as they are', () => {
    expect(
      collectSecrets({ SIGNING_SEED: 'v1' }, { secretNames: new Set(['SIGNING_SEED']) }),
    ).toEqual(['v1']);
  });
});

describe('redactUrlSecrets', () => {
  it('masks URL passwords and token-like parameters, keeping the rest', () => {
    expect(redactUrlSecrets('get https://u:pw@h/x?token=abc&page=2 now')).toBe(
      'get https://u:[redacted]@h/x?token=[redacted]&page=2 now',
    );
    expect(redactUrlSecrets('no url here')).toBe('no url here');
  });
});

describe('renderSecretFlags', () => {
  it('renders secret flag values as references and expands them back for a process', () => {
    const { flags, secrets } = renderSecretFlags(
      { dataset_file: 's3://b/d?sig=SIGVALUE', hf_token: 'TOKVALUE', lr: 0.1, packing: true },
      ['SIGVALUE'],
    );
    expect(flags).toEqual([
      '--dataset-file',
      '$(MESH_SECRET_ARG_1)',
      '--hf-token',
      '$(MESH_SECRET_ARG_2)',
      '--lr',
      '0.1',
      '--packing',
    ]);
    expect(secrets).toEqual({
      MESH_SECRET_ARG_1: 's3://b/d?sig=SIGVALUE',
      MESH_SECRET_ARG_2: 'TOKVALUE',
    });
    expect(expandSecretArgs(flags, secrets)).toEqual([
      '--dataset-file',
      's3://b/d?sig=SIGVALUE',
      '--hf-token',
      'TOKVALUE',
      '--lr',
      '0.1',
      '--packing',
    ]);
  });
});
