import { isDns1123Label, newJobId, uniqueJobName } from '@mesh/jobs';

describe('uniqueJobName', () => {
  it('gives a reused job name a unique, valid DNS-1123 name per submission', () => {
    const names = new Set<string>();
    for (let i = 0; i < 500; i++) names.add(uniqueJobName('aml-qlora-k8s', newJobId()));
    expect(names.size).toBe(500);
    for (const name of names) expect(isDns1123Label(name)).toBe(true);
  });

  it.each(['My_Job Name!', '---', '9lives', 'x'.repeat(200), ''])(
    'makes %j a valid label',
    (base) => {
      expect(isDns1123Label(uniqueJobName(base, newJobId()))).toBe(true);
    },
  );
});
