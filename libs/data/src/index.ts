export { DataError } from './data-error';
export { contentOf, openUri, type OpenedUri, type OpenUriOptions } from './open-uri';
export { readJsonLines, type JsonLinesResult, type ReadJsonLinesOptions } from './read-json-lines';
