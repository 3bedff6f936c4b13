/**
 * Bytes per read of a file being hashed or uploaded (Node's default is 64 KiB). Each read is a
 * round trip through libuv's thread pool and one more chunk through every stream and socket
 * write after it; on a busy machine each round trip also waits for a time slice, so 1 MiB reads
 * hash about 4 times and upload about 1.5-2 times as fast as 64 KiB ones (bench/model-store-upload).
 */
export const READ_CHUNK_BYTES = 1024 * 1024;
