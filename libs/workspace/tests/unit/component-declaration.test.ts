import { ComponentDeclarationError, parseComponentDeclaration } from '@mesh/workspace';

describe('parseComponentDeclaration', () => {
  it('gives the defaults for a component that declares nothing', () => {
    expect(parseComponentDeclaration(undefined, 'package.json')).toEqual({
      gpu: 0,
      runner: 'hosted',
      resources: { cpu: '1', memory: '2Gi' },
      kubernetes: { nodeSelector: {}, tolerations: [] },
      env: [],
    });
  });

  it('makes a GPU component self-hosted and keeps what it declares', () => {
    const declaration = parseComponentDeclaration(
      {
        gpu: 1,
        'instance-type': 'g5.xlarge',
        resources: { memory: '16Gi' },
        kubernetes: { nodeSelector: { pool: 'gpu' }, serviceAccount: 'trainer' },
      },
      'package.json',
    );
    expect(declaration).toMatchObject({
      gpu: 1,
      runner: 'self-hosted',
      instanceType: 'g5.xlarge',
      resources: { cpu: '1', memory: '16Gi' },
      kubernetes: { nodeSelector: { pool: 'gpu' }, serviceAccount: 'trainer' },
    });
  });

  it('names the file and every bad field at once', () => {
    const parse = () =>
      parseComponentDeclaration(
        { gpu: 'one', runner: 'cloud', resources: { memory: 'lots' }, gpus: 2 },
        'projects/x/train/package.json',
      );
    expect(parse).toThrow(ComponentDeclarationError);
    expect(parse).toThrow(/^projects\/x\/train\/package\.json: mesh\.gpus is not a known field/);
    expect(parse).toThrow(/mesh\.gpu must be a whole number/);
    expect(parse).toThrow(/mesh\.runner must be "hosted" or "self-hosted"/);
    expect(parse).toThrow(/mesh\.resources\.memory must be a Kubernetes quantity/);
  });

  it('asks for an instance type on a self-hosted runner and refuses a GPU on a hosted one', () => {
    expect(() => parseComponentDeclaration({ runner: 'self-hosted' }, 'p.json')).toThrow(
      /mesh\.instance-type is required/,
    );
    expect(() => parseComponentDeclaration({ gpu: 1, runner: 'hosted' }, 'p.json')).toThrow(
      /must be "self-hosted" when gpu > 0/,
    );
  });
});

describe('mesh.predict', () => {
  it('keeps the predictor module path', () => {
    expect(parseComponentDeclaration({ predict: 'dist/predict.js' }, 'package.json').predict).toBe(
      'dist/predict.js',
    );
  });

  it.each([['src/predict.ts'], ['/abs/predict.js'], ['../other/dist/predict.js'], [3]])(
    'refuses %j, naming the field',
    (predict) => {
      expect(() => parseComponentDeclaration({ predict }, 'p/package.json')).toThrow(
        /^p\/package\.json: mesh\.predict must be the compiled predictor module's path/,
      );
    },
  );
});

describe('mesh.env', () => {
  it('keeps the pass-through variable names in order', () => {
    expect(
      parseComponentDeclaration({ env: ['REVIEW_API_URL', 'PRINT_ONLY'] }, 'package.json').env,
    ).toEqual(['REVIEW_API_URL', 'PRINT_ONLY']);
  });

  it('refuses a non-list, bad names and repeats, naming each', () => {
    expect(() => parseComponentDeclaration({ env: 'REVIEW_API_URL' }, 'p.json')).toThrow(
      /^p\.json: mesh\.env must be a list of variable names \(got "REVIEW_API_URL"\)/,
    );
    const parse = () =>
      parseComponentDeclaration({ env: ['review-api', 'A', 3, 'A', 'B=1'] }, 'p.json');
    expect(parse).toThrow(
      'mesh.env entries must be environment variable names such as "REVIEW_API_URL" (got "review-api", 3, "B=1")',
    );
    expect(parse).toThrow('mesh.env names A more than once');
  });
});
