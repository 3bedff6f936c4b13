import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readAllEdits, readEditSet } from '../../src/edit-set/read-edit-set';
import { editToXml } from '../../src/edit-set/write-edit-set';
import { syntheticEdits } from '../../src/edit-set/synthetic';

const dir = mkdtempSync(join(tmpdir(), 'cbng-edit-set-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const EDIT = `<WPEdit>
  <EditType>change</EditType>
  <EditID>42</EditID>
  <comment>&quot;fix&quot; typo</comment>
  <user>192.168.0.1</user>
  <user_edit_count>3</user_edit_count>
  <user_distinct_pages>2</user_distinct_pages>
  <user_warns>1</user_warns>
  <prev_user>Someone</prev_user>
  <user_reg_time></user_reg_time>
  <common>
    <page_made_time>1000000000</page_made_time>
    <title>Foo &amp; Bar</title>
    <namespace>main</namespace>
    <creator>Creator</creator>
    <num_recent_edits>4</num_recent_edits>
    <num_recent_reversions>1</num_recent_reversions>
  </common>
  <current><minor>false</minor><timestamp>1100000000</timestamp><text>He said &quot;hello&quot; &#x263A;</text></current>
  <previous><timestamp>1090000000</timestamp><text>He said</text></previous>
  <isVandalism>true</isVandalism>
  <ReviewInterface><status>done</status><reviewers>3</reviewers><reviewers_agreeing>3</reviewers_agreeing></ReviewInterface>
  <EditDB><isActive>1</isActive></EditDB>
</WPEdit>`;

describe('readEditSet', () => {
  it('reads every field, decoding &quot; and character references', async () => {
    const path = file('one.xml', `<?xml version="1.0"?>\n<WPEditSet>\n${EDIT}\n</WPEditSet>\n`);
    const { edits, summary } = await readAllEdits(path);
    expect(summary.edits).toBe(1);
    expect(summary.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const [edit] = edits;
    expect(edit).toMatchObject({
      editId: '42',
      comment: '"fix" typo',
      user: '192.168.0.1',
      userEditCount: 3,
      userWarns: 1,
      userRegTime: 0,
      title: 'Foo & Bar',
      namespace: 'main',
      numRecentReversions: 1,
      pageMadeTime: 1000000000,
      isVandalism: true,
    });
    expect(edit.current.text).toBe('He said "hello" ☺');
    expect(edit.previous.text).toBe('He said');
    expect(edit.raw.EditDB).toEqual({ isActive: '1' });
  });

  it('streams edits one by one, from gzip too, and round-trips what the writer writes', async () => {
    const edits = syntheticEdits(30, 5);
    const xml = `<WPEditSet>\n${edits.map(editToXml).join('\n')}\n</WPEditSet>\n`;
    const seen: string[] = [];
    const summary = await readEditSet(file('many.xml.gz', gzipSync(xml)), (edit) => {
      seen.push(edit.editId);
    });
    expect(summary.edits).toBe(30);
    expect(seen).toEqual(edits.map((edit) => edit.editId));
    const { edits: read } = await readAllEdits(file('many.xml', xml));
    expect(read[7].current.text).toBe(edits[7].current.text);
    expect(read[7].isVandalism).toBe(edits[7].isVandalism);
  });

  it('names the file and line of malformed XML', async () => {
    const path = file(
      'bad.xml',
      `<WPEditSet>\n<WPEdit><EditID>1</EditID>\n<comment>a & b</comment></WPEdit></WPEditSet>`,
    );
    await expect(readAllEdits(path)).rejects.toThrow(`${path}:3:`);
  });

  it('refuses an edit without a label, naming the edit and the fix', async () => {
    const path = file(
      'nolabel.xml',
      `<WPEditSet>\n<WPEdit><EditID>7</EditID></WPEdit>\n</WPEditSet>`,
    );
    await expect(readAllEdits(path)).rejects.toThrow(
      'WPEdit 7: isVandalism: missing (use true or false)',
    );
  });

  it('refuses a file that is not an edit set, or has no edits', async () => {
    await expect(readAllEdits(file('other.xml', '<mediawiki><page/></mediawiki>'))).rejects.toThrow(
      'the root element is <mediawiki>, expected <WPEditSet>',
    );
    await expect(readAllEdits(file('empty.xml', '<WPEditSet></WPEditSet>'))).rejects.toThrow(
      'the edit set has no <WPEdit> elements',
    );
  });
});
