import cliProgress from 'cli-progress';

export interface Phase {
  /** Sets how far the phase has come (absolute, for phases that poll a count). */
  update(done: number): void;
  tick(): void;
  done(): void;
}

export type Progress = (label: string, total: number) => Phase;

/**
 * One bar per phase of the year on stderr when it is a terminal; elsewhere (a test's child process,
 * CI logs) one line when each phase ends, so the output stays readable.
 */
export function replayProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return (label, total) => {
    const started = Date.now();
    let value = 0;
    const bar = stream.isTTY
      ? new cliProgress.SingleBar(
          { stream, format: `  ${label.padEnd(34)} [{bar}] {value}/{total} {duration_formatted}`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(total, 0);
    return {
      update: (done) => {
        value = done;
        bar?.update(done);
      },
      tick: () => {
        value += 1;
        bar?.update(value);
      },
      done: () => {
        if (bar) bar.stop();
        else stream.write(`  ${label}: ${value}/${total} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      },
    };
  };
}
