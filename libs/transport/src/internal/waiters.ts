/** Promises parked until a condition may have changed; woken all at once or failed all at once. */
export class Waiters {
  private parked: { resolve: () => void; reject: (error: Error) => void }[] = [];

  wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.parked.push({ resolve, reject }));
  }

  wakeAll(): void {
    const parked = this.parked;
    this.parked = [];
    for (const p of parked) p.resolve();
  }

  failAll(error: Error): void {
    const parked = this.parked;
    this.parked = [];
    for (const p of parked) p.reject(error);
  }
}
