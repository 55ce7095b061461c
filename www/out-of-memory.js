// Running out of memory in the training worker, in words: shared by the worker (a trap on its
// own thread) and the page (a pool thread's report on the worker's channel).

const gb = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/** `failed`: the bytes an allocation could not get; `inUse`: the worker's memory then. */
export function outOfMemoryText(failed, inUse) {
  const size = failed >= 2 ** 30 ? gb(failed) : `${Math.ceil(failed / 2 ** 20)} MB`;
  return `The training worker ran out of memory: it could not get ${size} more, with ${gb(inUse)} ` +
    'in use (a browser worker holds at most 4 GB). Use a smaller model, batch_size or image_size, or fewer images.';
}
