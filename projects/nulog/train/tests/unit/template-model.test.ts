import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateModel } from '../../src/model/template-model';

const FORMAT = '<Date> <Time> <Pid> <Level> <Component>: <Content>';

describe('TemplateModel with the LOG_FORMAT and masks it was trained with', () => {
  const messages = [
    'Receiving block blk_11 src: /10.0.0.1:50010',
    'Receiving block blk_22 src: /10.0.0.2:50010',
    'Deleting block blk_33 file /data/blk_33',
    'Deleting block blk_44 file /data/blk_44',
  ];
  const { model } = TemplateModel.train(messages, {
    maskRegexes: ['blk_-?\\d+', '/?(\\d+\\.){3}\\d+(:\\d+)?'],
    logFormat: FORMAT,
  });

  it('maps a raw line to the template of its <Content>, after a save and load', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mesh-nulog-model-'));
    try {
      model.save(join(folder, 'model.json'));
      const loaded = TemplateModel.load(join(folder, 'model.json'));
      expect(loaded.params).toMatchObject({ logFormat: FORMAT });
      const raw =
        '081109 203615 148 INFO dfs.DataNode$DataXceiver: Receiving block blk_-99 src: /10.9.9.9:50010';
      const content = loaded.messageOf(raw);
      expect(content).toBe('Receiving block blk_-99 src: /10.9.9.9:50010');
      expect(loaded.match(content)).toMatchObject({
        eventId: expect.stringMatching(/^E/),
        template: 'Receiving block <*> src: <*>',
        score: 1,
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('takes a line that does not fit the format as the message itself', () => {
    expect(model.messageOf('Deleting block blk_5 file /data/blk_5')).toBe(
      'Deleting block blk_5 file /data/blk_5',
    );
  });

  it('without a stored format (older models) every line is the message', () => {
    const { model: plain } = TemplateModel.train(messages);
    expect(plain.params.logFormat).toBeUndefined();
    expect(plain.messageOf('081109 203615 148 INFO x: y')).toBe('081109 203615 148 INFO x: y');
  });
});
