import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { listen } from './listen';
import { EDIT_GROUP_TYPES, type EditGroup, type EditGroupType } from './review-api';

/** The component's `data/` folder: the shipped groups and edit sets. */
const DATA = join(__dirname, '..', '..', 'data');

/** The groups {@link startSampleReviewApi} serves when none are given. */
export const SAMPLE_EDIT_GROUPS_FILE = join(DATA, 'sample-edit-groups.json');

/**
 * One group of the sample API: a review-API edit group, and the edit-set XML its dump streams
 * (`edit_set`, a path relative to the groups file; default the shipped `data/trial.xml` for a
 * `Trial` group, else `data/train.xml`). `edit_set` is not part of the listed group.
 */
export interface SampleEditGroup extends EditGroup {
  edit_set?: string;
}

/** A groups file is not a list of edit groups. */
export class SampleEditGroupsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** Options of {@link startSampleReviewApi}. */
export interface SampleReviewApiOptions {
  /** Port on `host`; 0 picks a free one. Default: 8090. */
  port?: number;
  /** Address to listen on. Default: `127.0.0.1` (loopback only). */
  host?: string;
  /** JSON file of {@link SampleEditGroup}s. Default: the shipped `data/sample-edit-groups.json`. */
  groupsFile?: string;
  /**
   * Failure injection for the client's tests: the group list answers 503 (or, with
   * `resetConnections`, drops the connection) this many times before it answers. Default: 0.
   */
  listFailures?: number;
  /** Fail the list by resetting the connection instead of a 503. Default: false. */
  resetConnections?: boolean;
  /** A body to list instead of the groups (e.g. a malformed one). Default: the groups. */
  listBody?: unknown;
}

/** A running sample review API. */
export interface SampleReviewApi {
  /** `http://host:port`, what REVIEW_API_URL is set to. */
  url: string;
  /** The groups it lists. */
  groups: EditGroup[];
  /** Every request path (with query) in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/** Reads and checks a groups file; every problem names the group. */
export function readSampleEditGroups(file: string): SampleEditGroup[] {
  let groups: unknown;
  try {
    groups = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SampleEditGroupsError(`${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(groups))
    throw new SampleEditGroupsError(
      `${file}: expected a JSON array of {id, name, related_to, type[, edit_set]}`,
    );
  const problems: string[] = [];
  const ids = new Set<number>();
  groups.forEach((group: Partial<SampleEditGroup>, index) => {
    const where = `group ${index}${typeof group?.name === 'string' ? ` (${group.name})` : ''}`;
    if (!Number.isInteger(group?.id) || ids.has(group.id!))
      problems.push(`${where}: id must be a whole number used once`);
    else ids.add(group.id!);
    if (typeof group?.name !== 'string' || !group.name)
      problems.push(`${where}: name must be a non-empty string`);
    if (!EDIT_GROUP_TYPES.includes(group?.type as EditGroupType))
      problems.push(`${where}: type must be one of ${EDIT_GROUP_TYPES.join(', ')}`);
    if (group?.edit_set !== undefined && !existsSync(editSetPath(file, group as SampleEditGroup)))
      problems.push(`${where}: edit_set ${group.edit_set} does not exist`);
  });
  if (problems.length > 0) throw new SampleEditGroupsError(`${file}: ${problems.join('; ')}`);
  return groups as SampleEditGroup[];
}

function editSetPath(groupsFile: string, group: SampleEditGroup): string {
  if (group.edit_set === undefined)
    return join(DATA, group.type === 'Trial' ? 'trial.xml' : 'train.xml');
  return isAbsolute(group.edit_set) ? group.edit_set : resolve(dirname(groupsFile), group.edit_set);
}

/**
 * A review API on loopback for trying and testing `run-edit-sets` without the review interface:
 * `GET /api/v1/edit-groups/?exclude_empty_editsets=1` lists the groups, and
 * `GET /api/v1/edit-groups/{id}/dump-editset/` streams the group's edit-set XML. Anything else
 * answers 404, the list without `exclude_empty_editsets=1` 400, as the real API would refuse it.
 */
export async function startSampleReviewApi(
  options: SampleReviewApiOptions = {},
): Promise<SampleReviewApi> {
  const file = options.groupsFile ?? SAMPLE_EDIT_GROUPS_FILE;
  const groups = readSampleEditGroups(file);
  const listed: EditGroup[] = groups.map(({ id, name, related_to, type }) => ({
    id,
    name,
    related_to: related_to ?? null,
    type,
  }));
  let failures = options.listFailures ?? 0;
  const requests: string[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    requests.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://sample');
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (url.pathname === '/api/v1/edit-groups/') {
      if (url.searchParams.get('exclude_empty_editsets') !== '1') {
        response.writeHead(400).end('only ?exclude_empty_editsets=1 is served');
        return;
      }
      if (failures > 0) {
        failures--;
        if (options.resetConnections) request.socket.destroy();
        else response.writeHead(503).end('busy');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(options.listBody ?? listed));
      return;
    }
    const dump = /^\/api\/v1\/edit-groups\/(\d+)\/dump-editset\/$/.exec(url.pathname);
    const group = dump ? groups.find((candidate) => candidate.id === Number(dump[1])) : undefined;
    if (!group) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/xml' });
    await pipeline(createReadStream(editSetPath(file, group)), response);
  };
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  const { url, close } = await listen(server, options.port ?? 8090, options.host ?? '127.0.0.1');
  return { url, groups: listed, requests, close };
}

/** What `serve-sample-review-api` prints: where it listens and the two commands to try. */
export function sampleReviewApiBanner(api: Pick<SampleReviewApi, 'url' | 'groups'>): string[] {
  return [
    `Sample review API on ${api.url} (${api.groups.length} edit groups); stop it with Ctrl-C. Against it:`,
    `  make projects.start/cbng COMPONENT=train REVIEW_API_URL=${api.url}`,
    `  make projects.run/cbng TASK=run-edit-sets PRINT_ONLY=true REVIEW_API_URL=${api.url}`,
  ];
}
