import cliProgress from 'cli-progress';

/**
 * Progress of long work (verify, archive, restore, the sequencer's
 * catch-up, the benchmark's loading), on standard error so that what a
 * command prints on standard output stays as it was: on a terminal a bar
 * with its rate and ETA (cli-progress); otherwise, for logs, a plain line
 * every few seconds. Either way one summary line at the end, once the work
 * took long enough to have reported progress at all: a quick run prints
 * nothing more than before.
 */
export interface Progress {
  /** `done` more units are through. */
  advance(done: number): void;
  /** The total turned out different (an estimate corrected). */
  setTotal(total: number): void;
  /** The work is over: the bar stops, and a summary line is printed if progress was shown. */
  finish(): void;
}

export interface ProgressOptions {
  /** What is being done, first on each line: "verify", "archive event_p20250101". */
  label: string;
  /** What is counted: "events", "rows". */
  unit: string;
  /** How many there are, when known (then a percentage and an ETA are shown). */
  total?: number;
  /** Where to write; default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** A plain line at most this often when the stream is not a terminal; default LIB_EVENT_PROGRESS_EVERY_MS or 5,000. */
  everyMs?: number;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const everyMs = options.everyMs ?? Number(process.env.LIB_EVENT_PROGRESS_EVERY_MS ?? 5000);
  const started = performance.now();
  let done = 0;
  let total = options.total;
  let shown = false;
  const rate = () => done / Math.max((performance.now() - started) / 1000, 1e-3);

  // On a terminal: the bar, drawn once the work has lasted a moment (a quick
  // run leaves the screen as it was).
  const bar = stream.isTTY
    ? new cliProgress.SingleBar({
      stream,
      format: total !== undefined
        ? `${options.label} [{bar}] {percentage}% {value}/{total} ${options.unit} | {speed}/s | ETA {eta_formatted}`
        : `${options.label} {value} ${options.unit} | {speed}/s`,
      formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? count(value) : String(value)),
      hideCursor: false,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    }, cliProgress.Presets.shades_classic)
    : undefined;

  const line = () => {
    const parts = [`${options.label}: ${count(done)}${total !== undefined ? ` of ${count(total)}` : ''} ${options.unit}`];
    if (total) parts[0] += ` (${Math.floor((100 * done) / total)}%)`;
    parts.push(`${count(rate())}/s`);
    if (total && done > 0 && done < total) parts.push(`about ${duration((total - done) / rate())} left`);
    stream.write(`${parts.join(', ')}\n`);
  };

  const timer = setInterval(() => {
    shown = true;
    if (bar) {
      if (!bar.isActive) bar.start(total ?? 0, done, { speed: count(rate()) });
      bar.update(done, { speed: count(rate()) });
    } else {
      line();
    }
  }, bar ? Math.min(everyMs, 1000) : everyMs);
  timer.unref();

  return {
    advance(more) {
      done += more;
      if (bar?.isActive) bar.update(done, { speed: count(rate()) });
    },
    setTotal(newTotal) {
      total = newTotal;
      bar?.setTotal(newTotal);
    },
    finish() {
      clearInterval(timer);
      if (bar?.isActive) {
        bar.update(done, { speed: count(rate()) });
        bar.stop();
      }
      if (shown) {
        const seconds = (performance.now() - started) / 1000;
        stream.write(`${options.label}: ${count(done)} ${options.unit} in ${duration(seconds)} (${count(rate())}/s)\n`);
      }
    },
  };
}
