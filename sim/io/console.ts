/** Where a command's messages go: injected, so tests drive commands in-process and the library never writes to the process itself. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  /** stderr is a terminal (progress bars); otherwise progress is a plain line every few seconds */
  isTTY: boolean;
}
