/** An edit group of the review interface. */
export interface EditGroup {
  id: number;
  name: string;
  /** The parent group's name; groups are folded under it. */
  related_to: string | null;
  type: EditGroupType;
}

export const EDIT_GROUP_TYPES = [
  'Generic',
  'Reported False Positives',
  'Training',
  'Trial',
] as const;
export type EditGroupType = (typeof EDIT_GROUP_TYPES)[number];

/** The review API answered with a client error, or kept failing. */
export class ReviewApiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** Options of {@link ReviewApiClient}. */
export interface ReviewApiOptions {
  /** Attempts per request for 5xx answers and connection failures. Default: 5. */
  attempts?: number;
  /** First wait between attempts, doubled each time. Default: 500 ms. */
  backoffMs?: number;
  fetch?: typeof fetch;
  /** Logs each retry. */
  onRetry?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** The review interface's API: the edit groups and each group's edit-set dump. */
export class ReviewApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly options: ReviewApiOptions = {},
  ) {}

  /** `{base}/api/v1/edit-groups/{id}/dump-editset/`. */
  dumpUrl(id: number): string {
    return `${this.baseUrl.replace(/\/+$/, '')}/api/v1/edit-groups/${id}/dump-editset/`;
  }

  /** Every edit group with edits, checked field by field. */
  async editGroups(): Promise<EditGroup[]> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/api/v1/edit-groups/?exclude_empty_editsets=1`;
    const body = await this.getJson(url);
    if (!Array.isArray(body))
      throw new ReviewApiError(`${url}: expected a JSON array of edit groups`);
    return body.map((group: Record<string, unknown>, index) => {
      const where = `${url}: group ${index}`;
      if (typeof group?.id !== 'number') throw new ReviewApiError(`${where}: id must be a number`);
      if (typeof group.name !== 'string' || !group.name)
        throw new ReviewApiError(`${where}: name must be a non-empty string`);
      if (!EDIT_GROUP_TYPES.includes(group.type as EditGroupType))
        throw new ReviewApiError(
          `${where} (${group.name}): type "${String(group.type)}" is not one of ${EDIT_GROUP_TYPES.join(', ')}`,
        );
      return {
        id: group.id,
        name: group.name,
        related_to:
          typeof group.related_to === 'string' && group.related_to ? group.related_to : null,
        type: group.type as EditGroupType,
      };
    });
  }

  /** GET with retries on 5xx and connection failures (exponential backoff); 4xx fails at once. */
  async getJson(url: string): Promise<unknown> {
    const attempts = this.options.attempts ?? 5;
    const fetchImpl = this.options.fetch ?? fetch;
    const sleep = this.options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let retryable: string;
      try {
        const response = await fetchImpl(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(60_000),
        });
        if (response.ok) return await response.json();
        if (response.status < 500)
          throw new ReviewApiError(
            `${url} answered ${response.status} ${response.statusText}: check REVIEW_API_URL and the group`.replace(
              /\s+:/,
              ':',
            ),
          );
        retryable = `answered ${response.status}`;
      } catch (error) {
        if (error instanceof ReviewApiError) throw error;
        lastError = error;
        const cause = (error as { cause?: { code?: string } }).cause;
        retryable = `failed (${cause?.code ?? (error as Error).message})`;
      }
      if (attempt === attempts)
        throw new ReviewApiError(`${url} ${retryable} ${attempts} times; giving up`, {
          cause: lastError,
        });
      const wait = (this.options.backoffMs ?? 500) * 2 ** (attempt - 1);
      this.options.onRetry?.(
        `${url} ${retryable}; retrying in ${wait} ms (attempt ${attempt + 1} of ${attempts})`,
      );
      await sleep(wait);
    }
    throw new ReviewApiError(`${url}: no attempts made`);
  }
}
