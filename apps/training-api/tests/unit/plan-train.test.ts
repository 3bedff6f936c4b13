import { join } from 'node:path';
import { jobsSettingsSpec, JobRequestError, type JobsSettings } from '@mesh/jobs';
import { loadSettings } from '@mesh/settings';
import { planTrain, replanFromRecord } from '@mesh/training-api';

const ROOT = join(__dirname, '..', '..', '..', '..');
const jobs = loadSettings(jobsSettingsSpec, {
  env: { K8S_TRAINING_IMAGE: 'trainer:1' },
  configDir: null,
}).values as JobsSettings;
const context = { root: ROOT, meshHome: '/tmp/mesh', jobs, env: {} };

describe('planTrain', () => {
  it('plans a component job from project, component and settings', () => {
    const spec = planTrain(
      { project: 'keywords', backend: 'kubernetes', settings: { TOP_N: 5, SOME_TOKEN: 'x1y2z3' } },
      context,
    );
    expect(spec).toMatchObject({
      backend: 'kubernetes',
      project: 'keywords',
      component: 'train',
      image: 'keywords-train:dev',
      env: expect.objectContaining({ TOP_N: '5' }),
      secrets: { SOME_TOKEN: 'x1y2z3' },
    });
    expect(JSON.stringify(spec.request)).not.toContain('x1y2z3');
  });

  it('uses DEFAULT_TRAINING_BACKEND when the request names none', () => {
    expect(planTrain({ dataset_file: 's3://b/d', output_dir: '/o' }, context).backend).toBe(
      'kubernetes',
    );
  });

  it('names the field and the accepted values of an unknown project', () => {
    expect.assertions(4);
    try {
      planTrain({ project: 'sentiment' }, context);
    } catch (error) {
      expect(error).toBeInstanceOf(JobRequestError);
      expect((error as JobRequestError).field).toBe('project');
      // Every project of the workspace, whichever branches have added theirs.
      expect((error as JobRequestError).accepted).toEqual(expect.arrayContaining(['keywords']));
      expect((error as JobRequestError).accepted).not.toContain('sentiment');
    }
  });

  it('plans the same job again from its stored record', () => {
    const spec = planTrain(
      {
        backend: 'kubernetes',
        job_name: 'again',
        model: 'org/m',
        dataset_file: 's3://b/d',
        output_dir: '/o',
        env: { HF_TOKEN: 'hf_secret' },
      },
      context,
    );
    const record = {
      id: spec.id,
      name: spec.name,
      backend: spec.backend,
      args: spec.request,
    } as Parameters<typeof replanFromRecord>[0];
    const again = replanFromRecord(record, context)!;
    expect(again.id).toBe(spec.id);
    expect(again.name).toBe(spec.name);
    expect(again.args).toEqual(spec.args);
    expect(Object.keys(again.secrets)).toEqual(['HF_TOKEN']);
    // Applying for real would need the secret's value, which is not stored: not replanned.
    expect(
      replanFromRecord(record, { ...context, jobs: { ...jobs, K8S_APPLY: '1' } }),
    ).toBeUndefined();
  });
});
