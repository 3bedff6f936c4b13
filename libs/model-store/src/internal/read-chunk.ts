/**
 * Bytes per read of a file being hashed (Node's default is 64 KiB). Each read is a round trip
 * through libuv's thread pool; on a busy machine each round trip also waits for a time slice,
 * so 1 MiB reads hash about 4 times as fast as 64 KiB ones (bench/model-store-upload).
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Bytes per read of a file being uploaded. Larger reads mean fewer thread-pool round trips,
 * smaller ones let reading and sending overlap: against s3rver on 2 CPUs, 1 GiB in 256 KiB
 * reads went as fast as Node's default 64 KiB on a quiet machine (1.00x over 5 rounds), where
 * 1 MiB reads were 8-11% slower, and as fast as 1 MiB reads at load 4-5.
 */
export const UPLOAD_READ_BYTES = 256 * 1024;
