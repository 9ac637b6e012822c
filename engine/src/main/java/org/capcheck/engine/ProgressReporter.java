package org.capcheck.engine;

import java.util.Locale;
import java.util.function.Consumer;

/** Prints a progress line every few seconds on a daemon thread, so long runs show they are alive. */
final class ProgressReporter implements AutoCloseable {
    private final Thread thread;
    private volatile boolean closed;

    private ProgressReporter(Exploration<?, ?> run, Consumer<String> out, long intervalMillis) {
        thread = new Thread(() -> loop(run, out, intervalMillis), "capcheck-progress");
        thread.setDaemon(true);
    }

    static ProgressReporter start(Exploration<?, ?> run, Consumer<String> out, long intervalMillis) {
        ProgressReporter reporter = new ProgressReporter(run, out, intervalMillis);
        reporter.thread.start();
        return reporter;
    }

    private void loop(Exploration<?, ?> run, Consumer<String> out, long intervalMillis) {
        long lastDistinct = 0;
        long lastNanos = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                long now = System.nanoTime();
                long distinct = run.visited.size();
                double rate = (distinct - lastDistinct) / Math.max(1e-9, (now - lastNanos) / 1e9);
                lastDistinct = distinct;
                lastNanos = now;
                out.accept(line(run.seconds(), distinct, run.generated.get(), run.queued.get(), run.depth, rate));
                run.checkBounds(); // the time bound is enforced here too, for models with slow steps
            } catch (OutOfMemoryError e) {
                // Not even a progress line fits: the search is about to fail the same way; end it cleanly.
                run.stop(Exploration.OUT_OF_MEMORY);
                return;
            }
        }
    }

    static String line(double seconds, long distinct, long generated, long queued, int depth, double rate) {
        return String.format(Locale.ROOT,
                "progress: %.0fs, %,d distinct states, %,d generated, %,d queued, depth %d, %,.0f states/s",
                seconds, distinct, generated, queued, depth, rate);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
