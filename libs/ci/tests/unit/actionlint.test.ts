import { actionlint } from '@mesh/ci';

describe('actionlint, in-process', () => {
  it('passes a valid workflow that uses the vars context', async () => {
    const text = [
      'name: ok',
      'on: [push]',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          fetch-depth: 0',
      '      - run: echo "$REGION"',
      '        env:',
      '          REGION: ${{ vars.AWS_REGION }}',
      '',
    ].join('\n');
    expect(await actionlint(text, '.github/workflows/ok.yaml')).toEqual([]);
  });

  it('reports an unknown event, a missing job and a misspelt context property with their lines', async () => {
    const text = [
      'name: broken',
      'on: [pushh]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    needs: [nope]',
      '    steps:',
      '      - run: echo "${{ github.evnt_name }}"',
      '',
    ].join('\n');
    const problems = await actionlint(text, '.github/workflows/broken.yaml');
    expect(problems.map(({ line, kind }) => [line, kind])).toEqual([
      [2, 'events'],
      [4, 'job-needs'],
      [8, 'expression'],
    ]);
    expect(problems[0]).toMatchObject({
      file: '.github/workflows/broken.yaml',
      message: expect.stringContaining('unknown Webhook event "pushh"'),
    });
  });
});
