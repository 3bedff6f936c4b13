import {
  ciContext,
  imageContext,
  parseVersionRef,
  trainedModelName,
  versionId,
} from '@mesh/registry';

describe('model and version names', () => {
  it('follows the seed: <PROJECT>-TRAINED and <MODEL>-<n>', () => {
    expect(trainedModelName('keywords')).toBe('KEYWORDS-TRAINED');
    expect(versionId('KEYWORDS-TRAINED', 12)).toBe('KEYWORDS-TRAINED-12');
  });

  it('parses ids and aliases in any case, projects standing for their trained model', () => {
    expect(parseVersionRef('keywords-trained-3')).toEqual({
      kind: 'id',
      id: 'KEYWORDS-TRAINED-3',
      model: 'KEYWORDS-TRAINED',
      number: 3,
    });
    expect(parseVersionRef('KEYWORDS-TRAINED@Production')).toEqual({
      kind: 'alias',
      model: 'KEYWORDS-TRAINED',
      alias: 'production',
    });
    expect(parseVersionRef('keywords@staging')).toEqual({
      kind: 'alias',
      model: 'KEYWORDS-TRAINED',
      alias: 'staging',
    });
    expect(() => parseVersionRef('latest')).toThrow(
      '"latest" is not a version: use an id like KEYWORDS-TRAINED-12',
    );
  });
});

describe('lineage context', () => {
  it('records the GitHub Actions run without its token', () => {
    const context = ciContext({
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/mesh',
      GITHUB_RUN_ID: '42',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_SHA: 'abc',
      GITHUB_TOKEN: 'ghs_secret',
    });
    expect(context).toMatchObject({
      GITHUB_SHA: 'abc',
      run_url: 'https://github.com/acme/mesh/actions/runs/42',
    });
    expect(JSON.stringify(context)).not.toContain('ghs_secret');
    expect(ciContext({ GITHUB_SHA: 'abc' })).toBeNull();
  });

  it('records the image a run came from', () => {
    expect(
      imageContext({ MESH_IMAGE_REFERENCE: 'r/keywords-train:1', MESH_IMAGE_DIGEST: 'sha256:ab' }),
    ).toEqual({ reference: 'r/keywords-train:1', digest: 'sha256:ab' });
    expect(imageContext({})).toBeNull();
  });
});
