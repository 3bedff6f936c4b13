import { checkSnapshot } from '../../src/data/check-record';
import { datasetOfSnapshots } from '../../src/model/dataset';
import {
  BOOLEAN_FEATURES,
  CATEGORICAL_FEATURES,
  encodeFeatures,
  FEATURE_NAMES,
  learnCategoryEncoding,
  NUMERIC_FEATURES,
} from '../../src/model/features';
import { fitRelevanceScale, toRelevance } from '../../src/model/relevance';
import { simulateSnapshots } from '../../src/simulator';

describe('features', () => {
  it('has the original 33 numeric and 12 boolean features and 5 categorical ones, without teacher_priority_class', () => {
    expect(NUMERIC_FEATURES).toHaveLength(33);
    expect(BOOLEAN_FEATURES).toHaveLength(12);
    expect(CATEGORICAL_FEATURES).toEqual([
      'process_type',
      'app_name',
      'priority_class',
      'env_term',
      'tags_joined',
    ]);
    expect(FEATURE_NAMES).not.toContain('teacher_priority_class');
    expect(new Set(FEATURE_NAMES).size).toBe(50);
  });

  it('takes group features from the app group, keeps missing PSI missing, and uses teacher_score as target', () => {
    const [snapshot] = simulateSnapshots({ snapshots: 1, seed: 3 });
    snapshot.psi_io_some_avg10 = null;
    const rows = checkSnapshot(snapshot, [])!;
    const dataset = datasetOfSnapshots([rows], true);
    const r = 0;
    const pid = dataset.pids[r];
    const process = (snapshot.processes as Array<Record<string, unknown>>).find(
      (p) => p.pid === pid,
    )!;
    const group = (snapshot.app_groups as Array<Record<string, unknown>>).find(
      (g) => g.app_group_id === process.app_group_id,
    )!;
    const value = (name: string) => dataset.rows[r][FEATURE_NAMES.indexOf(name)];
    expect(value('total_rss_mb')).toBe(group.total_rss_mb);
    expect(value('app_name')).toBe(group.app_name);
    expect(value('has_gui_window_group')).toBe(group.has_gui_window ? 1 : 0);
    expect(value('psi_io_some_avg10')).toBeNaN();
    expect(value('tags_joined')).toBe([...(process.tags as string[])].sort().join('|'));
    expect(dataset.targets[r]).toBe(process.teacher_score);
  });

  it('codes categories by their mean relevance, unseen ones as missing', () => {
    const width = FEATURE_NAMES.length;
    const row = (type: string) => [...Array(width - 5).fill(0), type, 'a', 'b', 'c', 'd'];
    const encoding = learnCategoryEncoding(
      [row('batch'), row('gui'), row('daemon'), row('gui')],
      [0, 4, 2, 3],
    );
    expect(encoding.categories.process_type).toEqual(['batch', 'daemon', 'gui']);
    const matrix = encodeFeatures([row('gui'), row('new')], encoding);
    expect(matrix[width - 5]).toBe(2);
    expect(matrix[width + width - 5]).toBeNaN();
  });

  it('maps real-valued targets onto grades and keeps integer grades', () => {
    expect(fitRelevanceScale([0, 1, 2, 4])).toEqual({ kind: 'grades' });
    const scale = fitRelevanceScale([0.1, 0.5, 0.9]);
    expect(Array.from(toRelevance([0.1, 0.5, 0.9, 2], scale))).toEqual([0, 2, 4, 4]);
  });
});
