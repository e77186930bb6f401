/** A parse error at an absolute byte offset of the pickle (the reader adds the file name). */
export class UnpickleError extends Error {
  constructor(
    readonly problem: string,
    readonly offset: number,
  ) {
    super(`byte ${offset}: ${problem}`);
    this.name = 'UnpickleError';
  }
}
