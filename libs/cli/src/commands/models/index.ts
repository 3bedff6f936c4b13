export { aliases } from './aliases';
export { diff } from './diff';
export { download } from './download';
export { gc } from './gc';
export { list } from './list';
export { promote } from './promote';
export { show } from './show';
export { verify } from './verify';
