/**
 * A build that failed for the input's reasons (a missing file, a bad manifest, an unknown image):
 * the version ends Failed at once with this message. Any other error is ours (the store, the
 * engine, the disk) and the build is retried.
 */
export class BuildRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildRefusal";
  }
}
