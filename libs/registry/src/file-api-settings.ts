import { EnvError, int, makeValidator, secret, str } from '@mesh/settings';
import { storeUri } from './registry-settings';

/** Settings of the file API (`cbng-trainer run-file-api`, or mounted in `mesh serve`). */
export const fileApiSettingsSpec = {
  FILE_API_KEY: secret(
    str({
      desc: 'Bearer key PUT and POST must send (Authorization: Bearer <key>); empty: the file API is read-only',
      default: '',
    }),
  ),
  FILE_API_STORE_URI: storeUri({
    desc: 'Where the file API keeps files: s3://bucket/prefix or file:///path; empty: the folder files/ of MODEL_STORE_URI (MESH_HOME/store/files by default)',
    default: '',
    example: 's3://mesh-models/stage/files',
  }),
  FILE_API_MOUNT: makeValidator<string>((input) => {
    const path = input.trim().replace(/\/+$/, '');
    if (path !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(path))
      throw new EnvError(`"${input}" is not a URL path such as /files`);
    return path;
  })({
    desc: 'Path where mesh serve also serves the file API, e.g. /files; empty: not served there',
    default: '',
    example: '/files',
  }),
  FILE_API_MAX_BYTES: int({ min: 1 })({
    desc: 'Largest file one PUT or POST may store; larger ones get 413',
    default: 1024 ** 3,
  }),
};

/** The resolved values of {@link fileApiSettingsSpec}. */
export interface FileApiSettings {
  FILE_API_KEY: string;
  FILE_API_STORE_URI: string;
  FILE_API_MOUNT: string;
  FILE_API_MAX_BYTES: number;
}
