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
                out.accept(line(run.seconds(), distinct, run.generated.get(), run.queued.get(), run.depth, rate)
                        + memory(run, distinct, rate, intervalMillis));
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

    /**
     * The memory plan: the heap in use, what the visited set and the queue hold, how many more states fit
     * at the current cost per state, and a warning when, at the current rate, the heap will be full within
     * ten progress intervals. A new state costs its visited-set slot (at worst 16 bytes with the table's
     * next growth) and, while queued, its share of the queue in memory.
     */
    static String memory(Exploration<?, ?> run, long distinct, double rate, long intervalMillis) {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long used = rt.totalMemory() - rt.freeMemory();
        Frontier frontier = run.frontier;
        long queued = Math.max(1, run.queued.get());
        double perState = 16;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "; heap %,d of %,d MB, visited set %,d MB",
                used >> 20, max >> 20, run.visited.bytes() >> 20));
        if (frontier != null) { // the queue spills to disk rather than filling the heap
            b.append(String.format(Locale.ROOT, ", queue %,d MB in memory, %,d MB on disk",
                    frontier.bytesInMemory() >> 20, frontier.bytesOnDisk() >> 20));
        } else { // states queued as objects: charge each new one the heap's present cost per state
            perState += (double) Math.max(0, used - run.visited.bytes()) / Math.max(queued, distinct);
        }
        long room = (long) (Math.max(0, max - used) / perState);
        b.append(String.format(Locale.ROOT, ", room for about %,d more states", room));
        if (rate > 0 && room / rate < 10.0 * intervalMillis / 1000) {
            b.append(String.format(Locale.ROOT, "; WARNING: at this rate the heap is full in about %.0fs"
                    + " (give the JVM more with -Xmx, or bound the run)", room / rate));
        }
        return b.toString();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
