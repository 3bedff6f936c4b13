import { learnTemplates } from '../../src/model/brain';
import { drainTemplates } from '../../src/model/drain';
import { groupingAccuracy } from '../../src/model/grouping-accuracy';
import { compileMasks, tokenize } from '../../src/model/tokenize';

const tokens = (lines: string[]) => lines.map((line) => tokenize(line, []));

describe('learnTemplates (Brain)', () => {
  it('keeps the words a group repeats and makes the rest parameters', () => {
    const learned = learnTemplates(
      tokens([
        'job a1 started on local',
        'job b2 started on docker',
        'job c3 started on kubernetes',
        'job d4 started on local',
      ]),
    );
    expect(learned.templates.map((t) => t.join(' '))).toEqual(['job <*> started on <*>']);
    expect(learned.assignments).toEqual([0, 0, 0, 0]);
  });

  it('splits two statements that differ in one word at the same place (child direction)', () => {
    const lines = [];
    for (let i = 0; i < 6; i++)
      lines.push(`PacketResponder ${i % 3} for block blk_${i}${i} terminating`);
    for (let i = 0; i < 3; i++) lines.push(`PacketResponder ${i} for block blk_${i}9 closing`);
    const learned = learnTemplates(tokens(lines));
    expect(learned.templates.map((t) => t.join(' ')).sort()).toEqual([
      'PacketResponder <*> for block <*> closing',
      'PacketResponder <*> for block <*> terminating',
    ]);
  });

  it('keeps a parameter with a frequent value in its template (the pattern is the most shared frequency)', () => {
    const lines = [
      'connect from host1 ok',
      'connect from host1 ok',
      'connect from host1 ok',
      'connect from host2 ok',
      'connect from host3 ok',
    ];
    const learned = learnTemplates(tokens(lines));
    expect(new Set(learned.assignments).size).toBe(1);
  });

  it('merges templates that differ only in a column that is a parameter across them', () => {
    // "grace" logs out as often as the statement occurs elsewhere, so it joins its own pattern.
    const lines = [
      'user grace logged out after 5 seconds',
      'user grace logged out after 7 seconds',
      'user bob logged out after 9 seconds',
      'user al logged out after 1 seconds',
    ];
    lines.push('user grace logged in from 1.1.1.1', 'user x logged in from 2.2.2.2');
    const learned = learnTemplates(tokens(lines));
    expect(learned.templates.map((t) => t.join(' '))).toContain(
      'user <*> logged out after <*> seconds',
    );
    expect(new Set(learned.assignments.slice(0, 4)).size).toBe(1);
  });

  it('groups messages of different lengths apart', () => {
    const learned = learnTemplates(tokens(['a b', 'a b c']));
    expect(learned.assignments[0]).not.toBe(learned.assignments[1]);
  });

  it('makes digit tokens of a one-message group parameters', () => {
    expect(learnTemplates(tokens(['worker w7 exited'])).templates[0]).toEqual([
      'worker',
      '<*>',
      'exited',
    ]);
  });
});

describe('Drain baseline', () => {
  it('merges messages at least half equal and masks the differences', () => {
    const learned = drainTemplates(
      tokens(['open file a.txt by alice', 'open file b.txt by bob', 'close all']),
    );
    expect(learned.templates.map((t) => t.join(' '))).toEqual([
      'open file <*> by <*>',
      'close all',
    ]);
  });
});

describe('groupingAccuracy', () => {
  it('counts only messages whose predicted group is exactly their true group', () => {
    // true groups {0,1,2} {3,4} {5}; predicted {0,1,2} {3} {4,5}: only the first three are right.
    expect(groupingAccuracy([1, 1, 1, 2, 3, 3], ['a', 'a', 'a', 'b', 'b', 'c'])).toBeCloseTo(3 / 6);
    expect(groupingAccuracy(['x', 'x', 'y'], ['a', 'a', 'b'])).toBe(1);
  });
});

describe('tokenize', () => {
  it('applies masks, then makes bare numbers parameters', () => {
    const masks = compileMasks(['blk_-?\\d+', '(?P<ip>(\\d+\\.){3}\\d+)']);
    expect(tokenize('Received blk_-42 from 10.0.0.1 size 512 0x1f', masks)).toEqual([
      'Received',
      '<*>',
      'from',
      '<*>',
      'size',
      '<*>',
      '<*>',
    ]);
  });

  it('names a bad mask', () => {
    expect(() => compileMasks(['ok', '(['])).toThrow(/MASK_REGEXES\[1\]/);
  });
});
