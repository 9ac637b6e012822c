package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Breadth-first search, one level at a time: all states at depth d are expanded before any at d + 1, so
 * the first violation found is at the smallest depth, and its trace is a shortest one. Workers take blocks
 * of the current level from a shared cursor and append new states to their own blocks; the levels are
 * joined between rounds. Traces are rebuilt afterwards ({@link TraceFinder}), so the visited set holds
 * fingerprints only.
 */
final class BreadthFirstSearch<S, A> {
    private static final int BLOCK = 1024;

    /**
     * A run of states of one level: up to {@value #BLOCK} state objects, or (for a model that decodes) a
     * block of encodings in the {@link Frontier}.
     */
    private static final class Block {
        final Object[] states;
        final Frontier.Block encoded;
        int size;

        Block(Frontier.Block encoded) {
            this.states = encoded == null ? new Object[BLOCK] : null;
            this.encoded = encoded;
        }

        int size() {
            return encoded == null ? size : encoded.states;
        }
    }

    private final Exploration<S, A> run;
    private final boolean decodes;
    private final Frontier frontier;

    BreadthFirstSearch(Exploration<S, A> run) {
        this.run = run;
        this.decodes = run.model.decodes();
        this.frontier = decodes ? new Frontier(run.settings.frontierMemory, run.settings.spillDirectory,
                run.visited::bytes) : null;
        run.frontier = frontier;
    }

    void search() {
        try {
            explore();
        } finally {
            if (frontier != null) {
                frontier.close();
            }
        }
    }

    private void explore() {
        Model<S, A> model = run.model;
        List<Block> level = new ArrayList<>();
        StateEncoder<S> encoder = new StateEncoder<>(model);
        for (S initial : model.initialStates()) {
            run.generated.incrementAndGet();
            S state = model.canonical(initial);
            if (run.visited.add(encoder.encode(state))) {
                if (!run.admit(state, 0)) {
                    return;
                }
                append(level, state, encoder);
            }
        }
        int workerCount = run.settings.workers;
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            workers.add(new Worker());
        }
        ExecutorService pool = workerCount == 1 ? null : Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "capcheck-bfs");
            t.setDaemon(true);
            return t;
        });
        try {
            int depth = 0;
            while (!level.isEmpty() && !run.stopped()) {
                run.depth = depth;
                Block[] blocks = level.toArray(new Block[0]);
                level = null; // the blocks array is now the only reference, and workers drop blocks as they go
                if (frontier != null) {
                    for (Block b : blocks) {
                        frontier.seal(b.encoded);
                    }
                    frontier.nextLevel();
                }
                run.queued.set(countStates(blocks));
                AtomicInteger cursor = new AtomicInteger();
                boolean atBound = depth >= run.settings.maxDepth;
                for (Worker w : workers) {
                    w.startLevel(blocks, cursor, depth, atBound);
                }
                runLevel(workers, pool);
                if (atBound || run.stopped()) {
                    break;
                }
                level = new ArrayList<>();
                for (Worker w : workers) {
                    level.addAll(w.output);
                    w.output = new ArrayList<>();
                }
                depth++;
            }
        } finally {
            for (Worker w : workers) {
                w.output = null;
            }
            run.queued.set(0);
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private void runLevel(List<Worker> workers, ExecutorService pool) {
        if (pool == null) {
            workers.get(0).call();
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (Worker w : workers) {
            futures.add(pool.submit(w));
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.stop(Exploration.INTERRUPTED);
            } catch (ExecutionException e) {
                run.stop(Exploration.INTERRUPTED);
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static long countStates(Block[] blocks) {
        long n = 0;
        for (Block b : blocks) {
            n += b.size();
        }
        return n;
    }

    /** Appends a new state: its object, or for a model that decodes the words {@code encoder} holds for it. */
    private void append(List<Block> blocks, Object state, StateEncoder<S> encoder) {
        Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (!decodes) {
            if (last == null || last.size == BLOCK) {
                last = new Block(null);
                blocks.add(last);
            }
            last.states[last.size++] = state;
            return;
        }
        if (last == null || !Frontier.append(last.encoded, encoder.words(), encoder.length())) {
            if (last != null) {
                frontier.seal(last.encoded);
            }
            last = new Block(frontier.newBlock(encoder.length() + 1));
            blocks.add(last);
            Frontier.append(last.encoded, encoder.words(), encoder.length());
        }
    }

    /** One thread's share of a level; owns its encoder, action list and output blocks. */
    private final class Worker implements java.util.concurrent.Callable<Void> {
        private final StateEncoder<S> encoder = new StateEncoder<>(run.model);
        private final List<A> actions = new ArrayList<>();
        private final boolean exact = !run.visited.approximate();
        List<Block> output = new ArrayList<>();
        private int outputStates;
        private long[] readBuffer;
        private Block[] blocks;
        private AtomicInteger cursor;
        private int depth;
        private boolean atBound;

        void startLevel(Block[] blocks, AtomicInteger cursor, int depth, boolean atBound) {
            this.blocks = blocks;
            this.cursor = cursor;
            this.depth = depth;
            this.atBound = atBound;
        }

        @Override
        public Void call() {
            try {
                int i;
                while (!run.stopped() && (i = cursor.getAndIncrement()) < blocks.length) {
                    Block block = blocks[i];
                    blocks[i] = null;
                    int before = outputStates;
                    long generated = block.encoded == null ? expandObjects(block) : expandEncoded(block.encoded);
                    run.generated.addAndGet(generated);
                    run.queued.addAndGet(outputStates - before - block.size());
                    run.checkBounds();
                }
            } catch (OutOfMemoryError e) {
                output = new ArrayList<>(); // free this worker's part of the next level first
                blocks = null;
                run.stop(Exploration.OUT_OF_MEMORY);
            } finally {
                blocks = null;
            }
            return null;
        }

        private long expandObjects(Block block) {
            long generated = 0;
            for (int k = 0; k < block.size && !run.stopped(); k++) {
                @SuppressWarnings("unchecked")
                S state = (S) block.states[k];
                long fp = encoder.encode(state).fingerprint();
                generated += expand(state, fp, exact ? encoder.copyWords() : null);
                if (run.settings.maxStates != Long.MAX_VALUE) {
                    run.checkBounds();
                }
            }
            return generated;
        }

        private long expandEncoded(Frontier.Block block) {
            long[] words = frontier.open(block, readBuffer);
            if (words != block.words) {
                readBuffer = words;
            }
            long generated = 0;
            for (int at = 0, end = block.used; at < end && !run.stopped(); ) {
                int length = (int) words[at];
                S state = run.model.decode(words, at + 1, length);
                long fp = StateEncoder.fingerprint(words, at + 1, length);
                long[] own = exact ? java.util.Arrays.copyOfRange(words, at + 1, at + 1 + length) : null;
                at += length + 1;
                generated += expand(state, fp, own);
                if (run.settings.maxStates != Long.MAX_VALUE) {
                    run.checkBounds();
                }
            }
            frontier.release(block);
            return generated;
        }

        /**
         * Expands one state, whose fingerprint is {@code ownFingerprint} (and encoding {@code ownWords} in
         * exact mode); returns the number of successors generated.
         */
        private long expand(S state, long ownFingerprint, long[] ownWords) {
            Model<S, A> model = run.model;
            actions.clear();
            model.actions(state, actions);
            long generated = 0;
            for (int i = 0, n = actions.size(); i < n; i++) {
                S next = model.next(state, actions.get(i));
                if (next == null) {
                    continue;
                }
                generated++;
                if (run.checks.watchesSteps()) {
                    run.checks.observeStep(state, actions.get(i), next, depth, null);
                }
                if (next == state) {
                    continue; // the model says the step changed nothing: no encoding, no look-up
                }
                next = model.canonical(next);
                long fp = encoder.encode(next).fingerprint();
                // A step back to the state itself needs no look-up: the state is in the set already.
                if (fp == ownFingerprint && (!exact || encoder.sameWords(ownWords))) {
                    continue;
                }
                if (atBound) {
                    if (!run.visited.contains(encoder)) {
                        run.stop(Exploration.MAX_DEPTH); // a new state lies beyond the depth bound
                        return generated;
                    }
                    continue;
                }
                if (run.visited.add(encoder)) {
                    if (!run.admit(next, depth + 1)) {
                        return generated;
                    }
                    append(output, next, encoder);
                    outputStates++;
                }
            }
            if (generated == 0 && model.checksDeadlock()) {
                run.found(Exploration.DEADLOCK_FREE, state, depth, null);
            }
            return generated;
        }
    }
}
